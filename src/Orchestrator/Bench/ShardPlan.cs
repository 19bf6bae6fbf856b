using System.Globalization;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Bench;

/// <summary>One child process's nodes: <see cref="Count"/> consecutive nodes of the network file from <see cref="First"/>, and the open files they need.</summary>
internal readonly record struct ShardRange(int First, int Count, long FilesNeeded);

/// <summary>
/// How <c>bench network --processes</c> splits a network's nodes over child processes
/// (docs/performance.md "Many nodes in several processes"): consecutive ranges of the
/// network file's nodes, as even as they go. What one process may hold is its open-file
/// limit (<see cref="FileLimits"/>): per node a listener, a log and (durable) the store's
/// three files, and one socket per channel end it hosts (a channel inside a shard has both
/// ends there, one between shards one end in each). <c>auto</c> takes the fewest processes
/// whose every shard fits under the hard limit.
/// </summary>
internal sealed record ShardPlan(IReadOnlyList<ShardRange> Shards, string Reason)
{
    /// <summary>--processes auto.</summary>
    public const int Auto = 0;

    /// <summary>The most child processes a run may ask for (each costs a runtime, tens of MB).</summary>
    public const int MaxProcesses = 64;

    public int Processes => Shards.Count;

    /// <summary>
    /// The plan for <paramref name="processes"/> (or <see cref="Auto"/>) processes hosting
    /// <paramref name="nodes"/> with their open <paramref name="channels"/> (node1, node2);
    /// <paramref name="hardLimit"/> is the open-file hard limit (null where there is none).
    /// An error (with the fix) when a shard would need more files than the limit allows.
    /// </summary>
    public static ShardPlan? Make(IReadOnlyList<string> nodes, IReadOnlyList<(string Node1, string Node2)> channels, int processes, bool durable, ulong? hardLimit, out string? error)
    {
        error = null;
        var index = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            index[nodes[i]] = i;
        }

        // Channel ends per node: one socket each.
        var ends = new int[nodes.Count];
        foreach (var (a, b) in channels)
        {
            ends[index[a]]++;
            ends[index[b]]++;
        }

        var limit = hardLimit ?? ulong.MaxValue;
        var whole = Split(ends, 1, durable)[0].FilesNeeded;
        if (processes == Auto)
        {
            for (var p = 1; p <= Math.Min(MaxProcesses, nodes.Count); p++)
            {
                var shards = Split(ends, p, durable);
                if (shards.All(s => (ulong)s.FilesNeeded <= limit))
                {
                    var why = p == 1
                        ? Text($"one process holds them (about {whole:N0} open files{(hardLimit is null ? "" : Text($", hard limit {limit:N0}"))})")
                        : Text($"one process would need about {whole:N0} open files and the hard limit is {limit:N0}: {p} processes of {shards.Min(s => s.Count):N0} to {shards.Max(s => s.Count):N0} nodes need at most {shards.Max(s => s.FilesNeeded):N0} each");
                    return new ShardPlan(shards, "--processes auto: " + why);
                }
            }

            error = Text($"--processes auto: even {Math.Min(MaxProcesses, nodes.Count)} processes would each need more than the {limit:N0} open files this machine allows; run fewer nodes, or raise the hard limit (e.g. 'ulimit -Hn' as root).");
            return null;
        }

        if (processes > nodes.Count)
        {
            error = Text($"--processes: {processes} processes for {nodes.Count} nodes; at most one process per node.");
            return null;
        }

        var split = Split(ends, processes, durable);
        var worst = split.MaxBy(s => s.FilesNeeded);
        if ((ulong)worst.FilesNeeded > limit)
        {
            error = Text($"--processes {processes}: a shard of {worst.Count:N0} nodes needs about {worst.FilesNeeded:N0} open files (RLIMIT_NOFILE) and this machine allows {limit:N0} per process; use more processes, or '--processes auto' to take the fewest that fit.");
            return null;
        }

        return new ShardPlan(split, Text($"--processes {processes}: {processes} processes of {split.Min(s => s.Count):N0} to {split.Max(s => s.Count):N0} nodes, at most {worst.FilesNeeded:N0} open files each (one process: about {whole:N0}{(hardLimit is null ? "" : Text($", hard limit {limit:N0}"))})"));
    }

    /// <summary>--processes: null (not given: the nodes run in this process), "auto", or a count from 1 to <see cref="MaxProcesses"/>.</summary>
    public static int? ParseOption(string? text, bool viaApi)
    {
        if (text is null)
        {
            return null;
        }

        if (viaApi)
        {
            throw new UsageException("--processes drives the children's nodes over a pipe each, not their control APIs: leave out --via-api.");
        }

        if (text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return Auto;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxProcesses
            ? count
            : throw new UsageException($"--processes: 'auto' (as few child processes as the open-file limit allows) or a count from 1 to {MaxProcesses} (got '{text}').");
    }

    /// <summary>"1 child process", "3 child processes": for the report.</summary>
    public static string Count(int processes, string what = "child process") =>
        processes.ToString(CultureInfo.InvariantCulture) + " " + what + (processes == 1 ? "" : "es");

    /// <summary>Which shard hosts node number <paramref name="node"/>.</summary>
    public int ShardOf(int node)
    {
        for (var s = 0; s < Shards.Count; s++)
        {
            if (node < Shards[s].First + Shards[s].Count)
            {
                return s;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(node));
    }

    private static List<ShardRange> Split(int[] ends, int processes, bool durable)
    {
        var shards = new List<ShardRange>(processes);
        var first = 0;
        for (var s = 0; s < processes; s++)
        {
            // The first (n mod p) shards take one node more.
            var count = (ends.Length / processes) + (s < ends.Length % processes ? 1 : 0);
            var sockets = 0L;
            for (var i = first; i < first + count; i++)
            {
                sockets += ends[i];
            }

            shards.Add(new ShardRange(first, count, FileLimits.Needed(count, 0, controlApi: false, durable) + sockets));
            first += count;
        }

        return shards;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
