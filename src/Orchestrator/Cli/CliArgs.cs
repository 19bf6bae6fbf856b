using System.Globalization;

namespace LnRelay.Orchestrator.Cli;

/// <summary>Checks for argument values that System.CommandLine parses as strings.</summary>
internal static class CliArgs
{
    /// <summary>
    /// Decodes hex (an optional 0x prefix is allowed). Throws <see cref="UsageException"/>
    /// naming the option and what was expected when it is not hex or, given
    /// <paramref name="expectedBytes"/>, not that many bytes.
    /// </summary>
    public static byte[] Hex(string? value, string optionName, int? expectedBytes = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException($"{optionName}: a hex value is required.");
        }

        var text = value.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new UsageException($"{optionName}: '{Abbreviate(value)}' is not hex (an even number of 0-9a-f characters).");
        }

        if (expectedBytes is { } n && bytes.Length != n)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{optionName}: expected {n} bytes ({n * 2} hex characters), got {bytes.Length} bytes."));
        }

        return bytes;
    }

    /// <summary>Reads a file, or standard input for "-"; a missing file is a usage error.</summary>
    public static string ReadTextFileOrStdin(string path, string argumentName)
    {
        if (path == "-")
        {
            return Console.In.ReadToEnd();
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{argumentName}: file '{path}' does not exist.");
        }

        return File.ReadAllText(path);
    }

    private static string Abbreviate(string value) => value.Length <= 24 ? value : value[..24] + "…";
}
