using System.Text.Json;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>The end of a node's JSON-lines log, as readable lines (level and rendered message), for reporting a node that died.</summary>
internal static class LogTail
{
    public static IReadOnlyList<string> Read(string path, int lines)
    {
        if (!File.Exists(path))
        {
            return [$"(no log at {path})"];
        }

        var kept = new Queue<string>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // Raw lines: only the few kept are parsed, not the whole log.
            kept.Enqueue(line);
            if (kept.Count > lines)
            {
                kept.Dequeue();
            }
        }

        return [.. kept.Select(Render)];
    }

    private static string Render(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var level = root.TryGetProperty("Level", out var l) ? l.GetString() : "Information";
            var message = root.TryGetProperty("RenderedMessage", out var m) ? m.GetString() : line;
            var exception = root.TryGetProperty("Exception", out var e) ? " " + e.GetString()?.Split('\n')[0] : "";
            return $"  {level} {message}{exception}";
        }
        catch (JsonException)
        {
            return "  " + line;
        }
    }
}
