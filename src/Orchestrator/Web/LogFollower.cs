using System.Text;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// Follows the nodes' JSON-lines logs as they grow (docs/logging.md): per file, the offset of the
/// last whole line read. Each poll returns the events of the lines completed since, in file order
/// (files by path), so the same logs always give the same sequence. A line still being written
/// waits for its newline; a file that shrank (a node's data folder recreated) is read again from
/// the start.
/// </summary>
internal sealed class LogFollower(string directory)
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);

    public IReadOnlyList<LogEvent> Poll()
    {
        var events = new List<LogEvent>();
        foreach (var path in NetworkLogs.LogFiles(directory))
        {
            events.AddRange(ReadNew(path));
        }

        return events;
    }

    private List<LogEvent> ReadNew(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var offset = _offsets.GetValueOrDefault(path);
            if (stream.Length < offset)
            {
                offset = 0;
            }

            if (stream.Length == offset)
            {
                return [];
            }

            stream.Seek(offset, SeekOrigin.Begin);
            var bytes = new byte[stream.Length - offset];
            stream.ReadExactly(bytes);
            var end = Array.LastIndexOf(bytes, (byte)'\n');
            if (end < 0)
            {
                return [];
            }

            _offsets[path] = offset + end + 1;
            return [.. NodeLogReader.Parse(Encoding.UTF8.GetString(bytes, 0, end + 1), path).Events];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Being rotated or recreated: read it on the next poll.
            return [];
        }
    }
}
