namespace LnRelay.Node.Logging;

/// <summary>
/// One timer for every node log file in the process (<see cref="BackgroundFileSink"/>): each tick
/// wakes the writers that have lines queued, so a line reaches its file at most about
/// <see cref="Interval"/> after it was logged, and a thousand quiet nodes in one process make a
/// few large writes a second each rather than one write per line (docs/performance.md, "Logging
/// without the bridge, and allocations"). A busy node does not wait for the tick: its writer wakes
/// as soon as a batch's worth has queued. The timer runs only while a sink is open.
/// </summary>
internal static class LogFlushClock
{
    /// <summary>How long a logged line may wait for its write: what a node killed outright (SIGKILL) can lose of its log.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly Lock Gate = new();
    private static readonly List<BackgroundFileSink> Sinks = [];
    private static readonly Timer Ticks = new(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public static void Register(BackgroundFileSink sink)
    {
        lock (Gate)
        {
            Sinks.Add(sink);
            if (Sinks.Count == 1)
            {
                Ticks.Change(Interval, Interval);
            }
        }
    }

    public static void Unregister(BackgroundFileSink sink)
    {
        lock (Gate)
        {
            Sinks.Remove(sink);
            if (Sinks.Count == 0)
            {
                Ticks.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Writes out every open sink's queued lines now and waits for them (each up to
    /// <paramref name="timeout"/>): for a reader in this process that must see what was just
    /// logged (<see cref="BackgroundFileSink.Flush"/>). False when a sink's timeout passed first.
    /// </summary>
    public static bool FlushAll(TimeSpan timeout)
    {
        BackgroundFileSink[] sinks;
        lock (Gate)
        {
            sinks = [.. Sinks];
        }

        var all = true;
        foreach (var sink in sinks)
        {
            all &= sink.Flush(timeout);
        }

        return all;
    }

    private static void Tick()
    {
        lock (Gate)
        {
            foreach (var sink in Sinks)
            {
                sink.WakeIfQueued();
            }
        }
    }
}
