using System.Globalization;
using LnRelay.Chain.Keys;
using LnRelay.Crypto;

namespace LnRelay.Orchestrator.Cli;

/// <summary>Checks for argument values that System.CommandLine parses as strings; each bad value is a <see cref="UsageException"/> naming the option and the fix.</summary>
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

    /// <summary>A 32-byte secp256k1 secret from hex, or a usage error.</summary>
    public static byte[] Secret(string? hex, string optionName)
    {
        var bytes = Hex(hex, optionName, KeySizes.SecretKey);
        return Secp256k1.IsValidSecret(bytes)
            ? bytes
            : throw new UsageException($"{optionName}: not a valid secp256k1 secret key (non-zero, below the group order).");
    }

    /// <summary>A compressed public key from hex (an optional 0x prefix is allowed), or a usage error.</summary>
    public static PublicKey NodeId(string? hex, string optionName) =>
        PublicKey.TryParse(Hex(hex, optionName, KeySizes.CompressedPublicKey), out var key)
            ? key
            : throw new UsageException($"{optionName}: '{hex}' is not a compressed secp256k1 public key.");

    /// <summary>A node id as the 'sts' verbs take it: exactly 66 hex characters, or a usage error.</summary>
    public static PublicKey NodeIdHex(string? hex, string optionName) =>
        PublicKey.TryParseHex(hex?.Trim(), out var key)
            ? key
            : throw new UsageException($"{optionName}: '{hex}' is not a node id (66 hex characters, a compressed secp256k1 public key).");

    /// <summary>--key-file: the key, or a usage error with the reader's explanation.</summary>
    public static PrivateKey KeyFile(string path)
    {
        if (Crypto.KeyFile.Read(path, out var key, out var message) != KeyFileError.None)
        {
            throw new UsageException($"--key-file: {message}");
        }

        return key!;
    }

    /// <summary>--port: a TCP port (0, any free port, only when <paramref name="allowZero"/>), or a usage error.</summary>
    public static void Port(int port, bool allowZero)
    {
        if (port is < 0 or > ushort.MaxValue || (port == 0 && !allowZero))
        {
            throw new UsageException($"--port: {port} is not a TCP port (1-65535{(allowZero ? ", or 0 for any free port" : string.Empty)}).");
        }
    }

    /// <summary>--seed: null when absent; hex that is not a seed is a usage error.</summary>
    public static NetworkSeed? Seed(string? hex) =>
        hex is null ? null
        : NetworkSeed.TryParseHex(hex, out var seed, out var error) ? seed
        : throw new UsageException($"--seed: {error}");

    /// <summary>--collude: two or more distinct node names from "a,b,c", or a usage error.</summary>
    public static List<string> Colluders(string? text)
    {
        var names = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return names.Count >= 2
            ? names
            : throw new UsageException($"--collude: '{text}' names {names.Count} node(s); name at least two, comma-separated, e.g. --collude bob,dave.");
    }

    private static string Abbreviate(string value) => value.Length <= 24 ? value : value[..24] + "…";
}
