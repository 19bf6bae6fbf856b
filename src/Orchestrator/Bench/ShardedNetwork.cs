using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LnRelay.Chain.Rpc;
using LnRelay.Node.Store;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.OnChain;
using Microsoft.Extensions.Logging.Abstractions;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// A network folder's nodes hosted by child processes, one shard each (<see cref="ShardPlan"/>,
/// <see cref="ShardProcess"/>): starts them, waits until every node started and every
/// channel's peers connected (with progress and a deadline; an error names the shard and
/// the node), reads their figures, and stops every child when disposed, on every way out.
/// </summary>
internal sealed class ShardedNetwork : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>On a terminal progress is redrawn often; in a log one line this often.</summary>
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly List<ShardProcess> _shards = [];
    private ChainRpcServer? _chain;
    private readonly Dictionary<string, ShardProcess> _byNode = new(StringComparer.Ordinal);

    public IReadOnlyList<ShardProcess> Shards => _shards;

    public ShardProcess ShardOf(string node) => _byNode[node];

    /// <summary>
    /// Starts one child per shard, all at once, and waits until each has started all its
    /// nodes, within <paramref name="deadline"/>. Returns the summed baselines (held and
    /// resident MB before any node started). A child that fails or exits stops the others, and
    /// the <see cref="NodeDiedException"/> says which shard and why (its error names the node).
    /// </summary>
    public static async Task<(ShardedNetwork Network, double HeldBaselineMb, double ResidentBaselineMb)> StartAsync(
        NetworkFolder folder, ShardPlan plan, bool inMemory, StoreSynchronous sync, TimeSpan deadline, BenchProgress progress, CancellationToken ct)
    {
        var network = new ShardedNetwork();
        try
        {
            // The chain service the nodes follow (docs/chain.md), in this process as 'up' hosts it: one poller per child (ChainFeed).
            if (folder.Network.ChainSource is not null)
            {
                network._chain = await HostedChain.StartAsync(folder, IPAddress.Loopback, NullLoggerFactory.Instance, ct);
            }

            var names = folder.Network.Nodes.Select(n => n.Name).ToList();
            foreach (var (range, index) in plan.Shards.Select((r, i) => (r, i)))
            {
                var nodes = names.GetRange(range.First, range.Count);
                var shard = ShardProcess.Start(index, plan.Processes, folder.Directory, range.First, nodes, inMemory, sync);
                network._shards.Add(shard);
                foreach (var node in nodes)
                {
                    network._byNode[node] = shard;
                }
            }

            var baselines = await Task.WhenAll(network._shards.Select(s => s.Baseline.WaitAsync(deadline, ct)));
            var clock = Stopwatch.StartNew();
            var lastNote = TimeSpan.Zero;
            while (!network._shards.All(s => s.StartedAll.IsCompletedSuccessfully))
            {
                network.ThrowIfDied();
                if (clock.Elapsed > deadline)
                {
                    var slow = network._shards.Where(s => !s.StartedAll.IsCompleted).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} started {s.Started} of {s.Nodes.Count} nodes (the next: {s.Nodes[Math.Min(s.Started, s.Nodes.Count - 1)]})"));
                    throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"after {deadline.TotalSeconds:0} s not every node had started: {string.Join("; ", slow)}."));
                }

                if (clock.Elapsed - lastNote >= LogInterval)
                {
                    lastNote = clock.Elapsed;
                    progress.Note(string.Create(CultureInfo.InvariantCulture, $"nodes started: {network._shards.Sum(s => s.Started):N0}/{names.Count:N0} in {clock.Elapsed.TotalSeconds:0} s ({string.Join(", ", network._shards.Select(s => $"{s.Started}/{s.Nodes.Count}"))} by shard)"));
                }

                await Task.Delay(PollInterval, ct);
            }

            progress.Note(string.Create(CultureInfo.InvariantCulture, $"nodes started: all {names.Count:N0} in {ShardPlan.Count(plan.Processes, "process")} in {clock.Elapsed.TotalSeconds:0.0} s"));
            return (network, baselines.Sum(b => (double)b["held_mb"]!), baselines.Sum(b => (double)b["rss_mb"]!));
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Polls every child's peer counts until every link is up, within <paramref name="deadline"/>;
    /// the <see cref="TimeoutException"/> names, per shard, the links still down.
    /// </summary>
    public async Task WaitConnectedAsync(TimeSpan deadline, BenchProgress progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastNote = TimeSpan.Zero;
        while (true)
        {
            ThrowIfDied();
            var counts = await Task.WhenAll(_shards.Select(s => s.AskAsync(new JsonObject { ["op"] = "peers" }, ct)));
            var (up, total, unconfirmed) = (counts.Sum(c => (int)c["up"]!), counts.Sum(c => (int)c["total"]!), counts.Sum(c => (int)c["unconfirmed"]!));
            if (up == total && unconfirmed == 0)
            {
                progress.Note(string.Create(CultureInfo.InvariantCulture, $"peers connected: all {total:N0} peer links up and every channel confirmed on chain in {clock.Elapsed.TotalSeconds:0.0} s"));
                return;
            }

            if (clock.Elapsed > deadline)
            {
                var down = _shards.Zip(counts).Where(p => (int)p.Second["up"]! < (int)p.Second["total"]! || (int)p.Second["unconfirmed"]! > 0)
                    .Select(p => string.Create(
                        CultureInfo.InvariantCulture,
                        $"{p.First.Name}: {(int)p.Second["total"]! - (int)p.Second["up"]!} links down (e.g. {string.Join(", ", p.Second["missing"]!.AsArray().Select(m => (string?)m))}), {(int)p.Second["unconfirmed"]!} channels waiting for the chain (e.g. {string.Join(", ", p.Second["unconfirmed_first"]!.AsArray().Select(m => (string?)m))})"));
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"after {deadline.TotalSeconds:0} s {total - up:N0} of {total:N0} peer links were not up and {unconfirmed:N0} channel ends waited for the chain: {string.Join("; ", down)}. See those nodes' logs in the network folder."));
            }

            if (clock.Elapsed - lastNote >= LogInterval)
            {
                lastNote = clock.Elapsed;
                progress.Note(string.Create(CultureInfo.InvariantCulture, $"peers connected: {up:N0}/{total:N0} in {clock.Elapsed.TotalSeconds:0} s; {unconfirmed:N0} channel ends wait for the chain"));
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Every child's figures (<see cref="ShardWorker"/> "stats"); <paramref name="collect"/>: each after a full collection, with what it holds.</summary>
    public async Task<ShardFigures> FiguresAsync(bool collect, CancellationToken ct)
    {
        var answers = await Task.WhenAll(_shards.Select(s => s.AskAsync(new JsonObject { ["op"] = "stats", ["collect"] = collect }, ct)));
        return new ShardFigures(
            [.. answers.Select(a => (double?)a["held_mb"] ?? 0)],
            [.. answers.Select(a => (double)a["rss_mb"]!)],
            [.. answers.Select(a => (double)a["peak_mb"]!)],
            TimeSpan.FromMilliseconds(answers.Sum(a => (double)a["gc_pause_ms"]!)),
            [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => answers.Sum(a => (int)a["gc"]![g]!))],
            answers.Sum(a => (long)a["commits"]!),
            answers.Sum(a => (long)a["replay"]!),
            CpuTime());
    }

    /// <summary>Tells every child's nodes the chain's new height (no answer awaited; each child's requests are served in order).</summary>
    public void Announce(uint height)
    {
        foreach (var shard in _shards)
        {
            shard.Send(new JsonObject { ["op"] = "block", ["height"] = height });
        }
    }

    /// <summary>Every child's CPU time so far, summed.</summary>
    public TimeSpan CpuTime() => _shards.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.CpuTime());

    private void ThrowIfDied()
    {
        if (_shards.FirstOrDefault(s => s.Death is not null) is { } dead)
        {
            throw new NodeDiedException(dead.Death!);
        }
    }

    /// <summary>Stops every child at once (each is killed if it does not stop within its grace), then the chain service.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_shards.Select(s => s.DisposeAsync().AsTask()));
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
    }
}

/// <summary>The children's figures at one moment: per child held (after a collection, else 0), resident and peak MB; GC, commits and replay logs summed; CPU summed.</summary>
internal sealed record ShardFigures(
    IReadOnlyList<double> HeldMb,
    IReadOnlyList<double> ResidentMb,
    IReadOnlyList<double> PeakMb,
    TimeSpan GcPause,
    IReadOnlyList<int> GcCollections,
    long Commits,
    long ReplayLogEntries,
    TimeSpan Cpu);
