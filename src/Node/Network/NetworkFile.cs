using System.IO.Compression;
using System.Text.Json;

namespace LnRelay.Node.Network;

/// <summary>
/// Reads and writes network.json (docs/network-file.md), plain or gzipped (a path ending in
/// <c>.gz</c>). A file that cannot be used yields every problem found, each naming where it
/// is, never an exception.
/// </summary>
public static class NetworkFile
{
    public const string FormatName = "lnrelay-network";
    public const int CurrentVersion = 2;
    public const string FileName = "network.json";

    /// <summary>The gzipped form's name: <c>lnrelay init --gzip</c> writes it instead of <see cref="FileName"/>.</summary>
    public const string GzipFileName = FileName + GzipSuffix;

    private const string GzipSuffix = ".gz";

    /// <summary>The network file in <paramref name="folder"/>: network.json, else network.json.gz; null when there is neither.</summary>
    public static string? Locate(string folder)
    {
        var plain = Path.Combine(folder, FileName);
        if (File.Exists(plain))
        {
            return plain;
        }

        var gzipped = Path.Combine(folder, GzipFileName);
        return File.Exists(gzipped) ? gzipped : null;
    }

    /// <summary>Whether a path names the gzipped form.</summary>
    public static bool IsGzipped(string path) => path.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads and validates a network file.</summary>
    public static NetworkLoadResult Load(string path)
    {
        string text;
        try
        {
            text = ReadText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NetworkLoadResult.Failed($"{path}: cannot be read ({e.Message}).");
        }
        catch (InvalidDataException e)
        {
            return NetworkLoadResult.Failed($"{path}: not a gzip file ({e.Message}); a name ending in .gz must hold gzipped network JSON (gzip -k network.json), or rename it to network.json.");
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

    /// <summary>Writes the file atomically (write a temporary file, then rename), so a reader never sees half of it; gzipped when the path ends in .gz.</summary>
    public static void Save(string path, NetworkFileDto dto)
    {
        var temp = path + ".tmp";
        var text = JsonSerializer.Serialize(dto, NetworkJson.Options) + "\n";
        if (IsGzipped(path))
        {
            using var file = File.Create(temp);
            using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
            using var writer = new StreamWriter(gzip);
            writer.Write(text);
        }
        else
        {
            File.WriteAllText(temp, text);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string ReadText(string path)
    {
        if (!IsGzipped(path))
        {
            return File.ReadAllText(path);
        }

        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

/// <summary>Either a validated network or the list of problems found.</summary>
public sealed record NetworkLoadResult(NetworkDescription? Network, IReadOnlyList<string> Errors) : LoadResult<NetworkDescription>(Network, Errors)
{
    internal static NetworkLoadResult Failed(string error) => new(null, [error]);
}
