using System.Diagnostics;
using System.Globalization;
using LnRelay.Node.Peers;

namespace LnRelay.Orchestrator.Launch;

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

    private readonly List<IRunningNode> _nodes = [];
    private readonly Dictionary<string, NodeClient> _clients = new(StringComparer.Ordinal);

    private RunningNetwork(NetworkFolder folder) => Folder = folder;

    public NetworkFolder Folder { get; }

    public IReadOnlyList<IRunningNode> Nodes => _nodes;

    public NodeClient Client(string name) => _clients[name];

    /// <summary>Starts every node; if one cannot start, the others are stopped and the exception says which and why.</summary>
    public static async Task<RunningNetwork> StartAsync(NetworkFolder folder, bool inProcess, CancellationToken ct)
    {
        var network = new RunningNetwork(folder);
        try
        {
            foreach (var node in folder.Network.Nodes)
            {
                var dir = Path.GetFullPath(folder.NodeDirectory(node.Name));
                network._nodes.Add(inProcess ? await InProcessNode.StartAsync(node.Name, dir, ct) : ChildProcessNode.Start(node.Name, dir));
                network._clients[node.Name] = folder.Client(node.Name);
            }

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
        var network = new RunningNetwork(folder);
        foreach (var node in folder.Network.Nodes)
        {
            network._clients[node.Name] = folder.Client(node.Name);
        }

        return network;
    }

    /// <summary>The first node that died, with its exit and the end of its log; null while all run.</summary>
    public string? Death()
    {
        var dead = _nodes.FirstOrDefault(n => n.Death is not null);
        return dead is null
            ? null
            : $"{dead.Death}{Environment.NewLine}The end of {Folder.LogFile(dead.Name)}:{Environment.NewLine}{string.Join(Environment.NewLine, LogTail.Read(Folder.LogFile(dead.Name), LogLinesOnDeath))}";
    }

    /// <summary>
    /// Polls every node's GET /v1/peers until all channel peers are connected, showing
    /// progress on <paramref name="progress"/>. Throws <see cref="TimeoutException"/> at the
    /// deadline naming who is not connected, or <see cref="NodeDiedException"/>.
    /// </summary>
    public async Task WaitConnectedAsync(TimeSpan deadline, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var bar = new ProgressLine(progress, "peers connected");
        while (true)
        {
            if (Death() is { } death)
            {
                throw new NodeDiedException(death);
            }

            var remaining = deadline - clock.Elapsed;
            var states = await Task.WhenAll(_clients.Values.Select(async c =>
                (c.Name, Peers: await c.GetAsync<List<PeerStatus>>("/v1/peers", ct).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1), ct))));
            var total = states.Sum(s => s.Peers.Count);
            var up = states.Sum(s => s.Peers.Count(p => p.State == PeerState.Connected));
            bar.Update(up, total, clock.Elapsed);
            if (up == total)
            {
                bar.Done(string.Create(CultureInfo.InvariantCulture, $"all {total} peer links up in {clock.Elapsed.TotalSeconds:0.0} s"));
                return;
            }

            if (clock.Elapsed > deadline)
            {
                var missing = states.SelectMany(s => s.Peers.Where(p => p.State != PeerState.Connected).Select(p => $"{s.Name} -> {p.Name} ({p.State}{(p.LastError is null ? "" : ": " + p.LastError)})"));
                bar.Done("timed out");
                throw new TimeoutException($"after {deadline.TotalSeconds:0} s these peers are not connected: {string.Join("; ", missing)}. See the logs in {Folder.Directory}/NAME/logs.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

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
    }
}

/// <summary>A node stopped while the orchestrator needed it; the message holds its exit and the end of its log.</summary>
internal sealed class NodeDiedException(string message) : Exception(message);
