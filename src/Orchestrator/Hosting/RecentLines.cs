namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// The last few lines a child process wrote, kept so that when it exits the error can quote
/// them (a node's or a benchmark shard's). Written from the process's output events, read by
/// whoever reports the exit: thread-safe.
/// </summary>
internal sealed class RecentLines(int capacity)
{
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public string Joined()
    {
        lock (_lines)
        {
            return string.Join(Environment.NewLine, _lines);
        }
    }
}
