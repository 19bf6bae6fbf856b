using System.Diagnostics;
using System.Globalization;
using System.Net;
using LnRelay.Chain.Rpc;
using LnRelay.Node.Hosting;
using LnRelay.Node.Peers;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.OnChain;
using LnRelay.Orchestrator.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// A running network: one <see cref="NodeClient"/> per node and, when this process started
/// the nodes (child processes, or in this process), one <see cref="IRunningNode"/> each.
/// Waits until every channel's peers are connected, and stops the nodes it started when
/// disposed. An attached network (<see cref="Attach"/>) runs elsewhere, e.g. one container
/// per node: it is only talked to, never started or stopped.
/// </summary>
internal sealed class RunningNetwork : IAsyncDisposable
{
    private const int LogLinesOnDeath = 15;

    /// <summary>
    /// How long one GET /v1/peers may take. A node that is not listening fails at once (the
    /// poll does not retry), so a node that died is seen on the next pass; this bounds a node
    /// that accepts but does not answer, with room for a slow answer on a busy machine.
    /// </summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<IRunningNode> _nodes = [];
    // Made on first use: a process driving thousands of in-process nodes directly needs none.
    private readonly Dictionary<string, NodeClient> _clients = new(StringComparer.Ordinal);

    private RunningNetwork(NetworkFolder folder) => Folder = folder;

    public NetworkFolder Folder { get; }

    public IReadOnlyList<IRunningNode> Nodes => _nodes;

    public NodeClient Client(string name)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(name, out var client))
            {
                _clients[name] = client = Folder.Client(name);
            }

            return client;
        }
    }

    private IReadOnlyList<NodeClient> AllClients => [.. Folder.Network.Nodes.Select(n => Client(n.Name))];

    /// <summary>The chain service this process hosts for the nodes (docs/chain.md), or null for a network without a chain.</summary>
    public ChainRpcServer? Chain { get; private set; }

    /// <summary>
    /// Starts the chain service, then every node; if one cannot start, the others are stopped and
    /// the exception says which and why. <paramref name="inMemory"/>: in-process nodes keep no
    /// store (docs/store.md). <paramref name="controlApi"/> false: in-process nodes serve no
    /// control API (the caller drives them through their runtimes). In process, the open-file
    /// limit is checked (and raised where allowed) first (<see cref="FileLimits"/>), and
    /// progress goes to <paramref name="progress"/>. <paramref name="configure"/> changes each in-process node's settings (by name).
    /// </summary>
    public static async Task<RunningNetwork> StartAsync(NetworkFolder folder, bool inProcess, CancellationToken ct, bool inMemory = false, Func<string, NodeSettings, NodeSettings>? configure = null, bool controlApi = true, TextWriter? progress = null)
    {
        if (inProcess)
        {
            var nodes = folder.Network.Nodes.Count;
            var open = folder.Network.Channels.Count(c => !c.Closed);
            if (FileLimits.Ensure(FileLimits.Needed(nodes, open, controlApi, durable: !inMemory), string.Create(CultureInfo.InvariantCulture, $"Hosting {nodes:N0} nodes with {open:N0} open channels in one process")) is { } limit)
            {
                throw new InvalidOperationException(limit);
            }
        }

        if (PortPreflight.Taken(folder, controlApi || !inProcess) is { } taken)
        {
            throw new InvalidOperationException(taken);
        }

        var network = new RunningNetwork(folder);
        var bar = new ProgressLine(progress ?? TextWriter.Null, "nodes started");
        var clock = Stopwatch.StartNew();
        try
        {
            if (folder.Network.ChainSource is not null)
            {
                network.Chain = await HostedChain.StartAsync(folder, IPAddress.Loopback, NullLoggerFactory.Instance, ct);
            }

            foreach (var node in folder.Network.Nodes)
            {
                var dir = Path.GetFullPath(folder.NodeDirectory(node.Name));
                network._nodes.Add(inProcess ? await InProcessNode.StartAsync(node.Name, dir, ct, inMemory, configure: configure, controlApi: controlApi) : ChildProcessNode.Start(node.Name, dir));
                bar.Update(network._nodes.Count, folder.Network.Nodes.Count, clock.Elapsed);
            }

            bar.Done(string.Create(CultureInfo.InvariantCulture, $"{network._nodes.Count} in {clock.Elapsed.TotalSeconds:0.0} s"));
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>A network whose nodes already run elsewhere (docker compose): clients only; disposing it leaves the nodes running.</summary>
    public static RunningNetwork Attach(NetworkFolder folder)
    {
        return new RunningNetwork(folder);
    }

    /// <summary>The first node that died, with its exit and the end of its log; null while all run.</summary>
    public string? Death()
    {
        var dead = _nodes.FirstOrDefault(n => n.Death is not null);
        return dead is null ? null : DeathReport(dead);
    }

    /// <summary>Why a node that died stopped: its exit and last output, and the end of its log.</summary>
    public string DeathReport(IRunningNode dead) =>
        $"{dead.Death}{Environment.NewLine}The end of {Folder.LogFile(dead.Name)}:{Environment.NewLine}{string.Join(Environment.NewLine, LogTail.Read(Folder.LogFile(dead.Name), LogLinesOnDeath))}";

    /// <summary>Puts a freshly started node in the place of the one of the same name (the supervisor's restart); the caller disposes the old one.</summary>
    public void Replace(IRunningNode node) => _nodes[_nodes.FindIndex(n => n.Name == node.Name)] = node;

    /// <summary>
    /// Polls every node's GET /v1/peers until all channel peers are connected, showing
    /// progress on <paramref name="progress"/>. Each pass first checks whether a node died
    /// (<see cref="NodeDiedException"/>, with its exit and log) and the deadline
    /// (<see cref="TimeoutException"/> naming, from the last pass, who is not connected and
    /// which nodes did not answer); a node that does not answer within
    /// <see cref="PollTimeout"/> is not reachable yet, and the next pass asks again.
    /// </summary>
    public async Task WaitConnectedAsync(TimeSpan deadline, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var bar = new ProgressLine(progress, "peers connected");
        IReadOnlyList<NodePeers> last = [];
        while (true)
        {
            if (Death() is { } death)
            {
                throw new NodeDiedException(death);
            }

            var remaining = deadline - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                bar.Done("timed out");
                throw new TimeoutException(NotConnected(deadline, last));
            }

            var bound = remaining < PollTimeout ? remaining : PollTimeout;
            last = InProcess is { } runtimes
                ? [.. runtimes.Select(r => new NodePeers(r.Name, [.. r.PeerStatuses], null))]
                : await Task.WhenAll(AllClients.Select(c => PeersAsync(c, bound, ct)));
            var reached = last.Where(s => s.Peers is not null).SelectMany(s => s.Peers!).ToList();
            var up = reached.Count(p => p.State == PeerState.Connected);
            bar.Update(up, reached.Count, clock.Elapsed);
            if (last.All(s => s.Peers is not null) && up == reached.Count)
            {
                bar.Done(string.Create(CultureInfo.InvariantCulture, $"all {reached.Count} peer links up in {clock.Elapsed.TotalSeconds:0.0} s"));
                if (Folder.Network.ChainSource is not null)
                {
                    if (InProcess is { } nodes)
                    {
                        await ChainSyncWait.WaitAsync(nodes, deadline, progress, ct);
                    }
                    else
                    {
                        await ChainSyncWait.WaitAsync(AllClients, deadline, progress, ct);
                    }
                }

                return;
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Every node's runtime when all of them run in this process (read directly, not over thousands of HTTP calls); else null.</summary>
    private IReadOnlyList<NodeRuntime>? InProcess =>
        _nodes.Count > 0 && _nodes.All(n => n is InProcessNode) ? [.. _nodes.Cast<InProcessNode>().Select(n => n.Runtime)] : null;

    /// <summary>Stops every node this process started, all at once.</summary>
    public async Task StopAsync() => await Task.WhenAll(_nodes.Select(n => n.StopAsync()));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (Chain is not null)
        {
            await Chain.DisposeAsync();
        }
    }

    /// <summary>One node's peers, or null with why it did not answer within <paramref name="bound"/> (not listening yet, or not any more).</summary>
    private static async Task<NodePeers> PeersAsync(NodeClient client, TimeSpan bound, CancellationToken ct)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(ct);
        poll.CancelAfter(bound);
        try
        {
            return new NodePeers(client.Name, await client.GetOnceAsync<List<PeerStatus>>("/v1/peers", poll.Token), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new NodePeers(client.Name, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {bound.TotalSeconds:0.0} s"));
        }
        catch (HttpRequestException e)
        {
            return new NodePeers(client.Name, null, e.Message);
        }
    }

    private string NotConnected(TimeSpan deadline, IReadOnlyList<NodePeers> last)
    {
        var silent = last.Where(s => s.Peers is null).Select(s => $"{s.Name} ({s.Error})").ToList();
        var missing = last.Where(s => s.Peers is not null)
            .SelectMany(s => s.Peers!.Where(p => p.State != PeerState.Connected).Select(p => $"{s.Name} -> {p.Name} ({p.State}{(p.LastError is null ? "" : ": " + p.LastError)})"))
            .ToList();
        var parts = new List<string>();
        if (silent.Count > 0)
        {
            parts.Add($"these nodes' control APIs did not answer: {string.Join("; ", silent)}");
        }

        if (missing.Count > 0)
        {
            parts.Add($"these peers are not connected: {string.Join("; ", missing)}");
        }

        if (parts.Count == 0)
        {
            parts.Add("no node had been asked yet");
        }

        return string.Create(CultureInfo.InvariantCulture, $"after {deadline.TotalSeconds:0} s {string.Join(", and ", parts)}. See the logs, {DataFolder.LogFile(Path.Combine(Folder.Directory, "NAME"), "NAME")}.");
    }

    /// <summary>What one poll of a node saw: its peers, or null and why not.</summary>
    private sealed record NodePeers(string Name, List<PeerStatus>? Peers, string? Error);
}

/// <summary>A node stopped while the orchestrator needed it; the message holds its exit and the end of its log.</summary>
internal sealed class NodeDiedException(string message) : Exception(message);
