using System.Globalization;
using System.Text;
using System.Text.Json;
using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// Reads one node's JSON-lines log while the node may still be writing it: the file is
/// opened with FileShare.ReadWrite (the node's BackgroundFileSink holds it open for
/// writing and shares it with readers), a last line without its newline is a line still
/// being written (or one cut short when a node was killed) and is left out, and a line
/// that is not a JSON object is skipped and counted, never fatal.
/// </summary>
internal static class NodeLogReader
{
    public static NodeLog Read(string path)
    {
        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        return Parse(text, path);
    }

    /// <summary>Parses log text; <paramref name="source"/> names the file (its name, NAME.jsonl, is the node when a line lacks Node).</summary>
    public static NodeLog Parse(string text, string source)
    {
        var fallbackNode = Path.GetFileNameWithoutExtension(source);
        var events = new List<LogEvent>();
        var skipped = new List<string>();
        var lines = text.Split('\n');
        var tornTail = !text.EndsWith('\n') && text.Length > 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var last = i == lines.Length - 1;
            if (TryParseLine(line, source, i + 1, fallbackNode, out var parsed, out var why))
            {
                events.Add(parsed);
            }
            else if (last && tornTail)
            {
                skipped.Add($"{Path.GetFileName(source)}:{i + 1}: the last line is incomplete (still being written); left out.");
            }
            else
            {
                skipped.Add($"{Path.GetFileName(source)}:{i + 1}: {why}; skipped.");
            }
        }

        return new NodeLog(source, events, skipped);
    }

    private static bool TryParseLine(string line, string source, int lineNumber, string fallbackNode, out LogEvent parsed, out string why)
    {
        parsed = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            why = $"not JSON ({e.Message.Split(". ")[0]})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                why = "not a JSON object";
                return false;
            }

            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty("Properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in props.EnumerateObject())
                {
                    properties[p.Name] = p.Value.Clone();
                }
            }

            var eventName = properties.TryGetValue(LogFields.EventId, out var id) && id.ValueKind == JsonValueKind.Object
                && id.TryGetProperty("Name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
            var node = properties.TryGetValue(LogFields.Node, out var n) && n.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(n.GetString())
                ? n.GetString()!
                : fallbackNode;
            parsed = new LogEvent(
                source,
                lineNumber,
                Timestamp(root),
                eventName,
                node,
                properties);
            why = "";
            return true;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Timestamp(JsonElement root) =>
        String(root, "Timestamp") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
}

/// <summary>One log file's events and the lines that could not be used (with why).</summary>
internal sealed record NodeLog(string Path, IReadOnlyList<LogEvent> Events, IReadOnlyList<string> Skipped);
