using System.Text.Json;

namespace LnRelay.Node.Network;

/// <summary>
/// Reads and writes network.json (docs/network-file.md). A file that cannot be used
/// yields every problem found, each naming where it is, never an exception.
/// </summary>
public static class NetworkFile
{
    public const string FormatName = "lnrelay-network";
    public const int CurrentVersion = 2;
    public const string FileName = "network.json";

    /// <summary>Loads and validates a network file.</summary>
    public static NetworkLoadResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NetworkLoadResult.Failed($"{path}: cannot be read ({e.Message}).");
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates network.json text; <paramref name="source"/> names it in errors.</summary>
    public static NetworkLoadResult Parse(string json, string source)
    {
        NetworkFileDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<NetworkFileDto>(json, NetworkJson.Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
            var path = string.IsNullOrEmpty(e.Path) ? "" : $" ({e.Path})";
            return NetworkLoadResult.Failed($"{source}: not valid network JSON{where}{path}: {FirstSentence(e.Message)}");
        }

        if (dto is null)
        {
            return NetworkLoadResult.Failed($"{source}: the file is empty or 'null'; expected a network object.");
        }

        var errors = new List<string>();
        var network = NetworkValidator.Validate(dto, errors);
        return network is null
            ? new NetworkLoadResult(null, errors.Select(e => $"{source}: {e}").ToList())
            : new NetworkLoadResult(network, []);
    }

    /// <summary>Writes the file atomically (write a temporary file, then rename), so a reader never sees half of it.</summary>
    public static void Save(string path, NetworkFileDto dto)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(dto, NetworkJson.Options) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

/// <summary>Either a validated network or the list of problems found.</summary>
public sealed record NetworkLoadResult(NetworkDescription? Network, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Network is not null;

    internal static NetworkLoadResult Failed(string error) => new(null, [error]);
}
