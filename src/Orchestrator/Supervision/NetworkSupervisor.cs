using System.Globalization;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Supervision;

/// <summary>
/// What <c>lnrelay up</c> does while the network runs (docs/supervision.md): it watches every
/// node it started. A node that exits without being asked is reported (name, exit code, last
/// output and log lines) and, under <see cref="RestartPolicy.OnFailure"/>, started again with
/// back-off (<see cref="NodeRestarter"/>) while the others keep running; under
/// <see cref="RestartPolicy.Never"/> the first death ends the run. A stop asked for with
/// <c>lnrelay node stop</c> (the DIR/NAME/node.stop marker) stops the node cleanly and keeps
/// it stopped until <c>lnrelay node start</c> removes the marker. One loop owns every node's
/// state; restarts run beside it and hand their node back to it.
/// </summary>
internal sealed class NetworkSupervisor
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private readonly RunningNetwork _network;
    private readonly RestartPolicy _policy;
    private readonly bool _inProcess;
    private readonly TextWriter _report;
    private readonly NodeRestarter _restarter;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, NodeWatch> _watch = new(StringComparer.Ordinal);

    public NetworkSupervisor(RunningNetwork network, RestartPolicy policy, bool inProcess, TextWriter report, TimeProvider time)
    {
        _network = network;
        _policy = policy;
        _inProcess = inProcess;
        _report = report;
        _restarter = new NodeRestarter(network.Folder, report, time);
        _time = time;
    }

    /// <summary>
    /// Supervises until <paramref name="ct"/> is cancelled (an <see cref="OperationCanceledException"/>)
    /// or, under <see cref="RestartPolicy.Never"/>, a node dies: then its report is returned.
    /// <paramref name="watching"/> runs once the control files are written, so that what it
    /// prints ("the network is up") is true for the node verbs too.
    /// </summary>
    public async Task<string> RunAsync(Action watching, CancellationToken ct)
    {
        Announce();
        watching();
        try
        {
            while (true)
            {
                if (!_inProcess && await PassAsync(ct) is { } death)
                {
                    return death;
                }

                await Task.Delay(Tick, ct);
            }
        }
        finally
        {
            // A restart that was under way ends with the run: a node it started is stopped here, as the network stops the others.
            foreach (var pending in _watch.Values.Select(w => w.Pending).OfType<Task<ChildProcessNode?>>())
            {
                try
                {
                    if (await pending is { } orphan)
                    {
                        await orphan.DisposeAsync();
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }

            ControlFiles.Delete(ControlFiles.SupervisorFile(_network.Folder.Directory));
            foreach (var node in _network.Nodes)
            {
                ControlFiles.Delete(ControlFiles.PidFile(NodeDir(node.Name)));
                ControlFiles.Delete(ControlFiles.StateFile(NodeDir(node.Name)));
            }
        }
    }

    /// <summary>Writes DIR/supervisor.json and every node's pid file, and clears stop markers left by an earlier run.</summary>
    private void Announce()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var host = _inProcess ? "in-process" : "child-process";
        ControlFiles.WriteSupervisor(_network.Folder.Directory, new SupervisorRecord(Environment.ProcessId, new DateTimeOffset(self.StartTime.ToUniversalTime()), _policy.Name(), host) { StartTicks = ControlFiles.StartTicks(Environment.ProcessId) });
        foreach (var node in _network.Nodes)
        {
            var dir = NodeDir(node.Name);
            ControlFiles.ClearStop(dir);
            _watch[node.Name] = new NodeWatch();
            Publish(dir, NodeStates.Up, 0);
            if (node is ChildProcessNode child)
            {
                ControlFiles.WritePid(dir, ProcessRecord.Of(child.ProcessId, child.StartedAt));
            }
        }
    }

    /// <summary>One look at every node; the report of a death that ends the run, or null.</summary>
    private async Task<string?> PassAsync(CancellationToken ct)
    {
        foreach (var node in _network.Nodes.ToList())
        {
            var watch = _watch[node.Name];
            var dir = NodeDir(node.Name);
            var stopAsked = ControlFiles.StopRequested(dir);
            switch (watch.State)
            {
                case NodeState.Running when stopAsked:
                    Say($"stopping {node.Name}, as 'lnrelay node stop' asked…");
                    await node.StopAsync();
                    ControlFiles.Delete(ControlFiles.PidFile(dir));
                    watch.State = NodeState.Stopped;
                    Publish(dir, NodeStates.Stopped, watch.Restarts);
                    Say($"{node.Name} stopped; it stays stopped until 'lnrelay node start --dir {_network.Folder.Directory} {node.Name}'.");
                    break;

                case NodeState.Running when node.Death is not null:
                    ControlFiles.Delete(ControlFiles.PidFile(dir));
                    var report = _network.DeathReport(node);
                    if (_policy == RestartPolicy.Never)
                    {
                        Publish(dir, NodeStates.GaveUp, watch.Restarts);
                        return report;
                    }

                    Publish(dir, NodeStates.Restarting, watch.Restarts + 1);

                    Say($"node {node.Name} died; restarting it while the others keep running (--restart on-failure).{Environment.NewLine}{report}");
                    watch.Restart(_restarter.StartAsync(node.Name, () => !ControlFiles.StopRequested(dir), ct), ++watch.Restarts);
                    break;

                case NodeState.Stopped when !stopAsked:
                    Say($"starting {node.Name}, as 'lnrelay node start' asked…");
                    Publish(dir, NodeStates.Restarting, watch.Restarts);
                    watch.Restart(_restarter.StartAsync(node.Name, () => !ControlFiles.StopRequested(dir), ct), watch.Restarts);
                    break;

                case NodeState.Starting when watch.Pending!.IsCompleted:
                    await AdoptAsync(node, watch, dir);
                    break;
            }
        }

        return null;
    }

    /// <summary>Takes back the outcome of a restart: the new node in place of the old, or the node kept stopped.</summary>
    private async Task AdoptAsync(IRunningNode old, NodeWatch watch, string dir)
    {
        var started = watch.Pending!.IsCompletedSuccessfully ? watch.Pending.Result : null;
        watch.Pending = null;
        if (started is null)
        {
            // Gave up, or a stop came in meanwhile: keep it stopped; 'node start' clears the marker.
            if (!ControlFiles.StopRequested(dir))
            {
                ControlFiles.RequestStop(dir, "the supervisor gave up restarting it");
                Publish(dir, NodeStates.GaveUp, watch.Restarts);
            }
            else
            {
                Publish(dir, NodeStates.Stopped, watch.Restarts);
            }

            watch.State = NodeState.Stopped;
            return;
        }

        _network.Replace(started);
        await old.DisposeAsync();
        watch.State = NodeState.Running;
        Publish(dir, NodeStates.Up, watch.Restarts);
        Say(string.Create(CultureInfo.InvariantCulture, $"{started.Name} is running (pid {started.ProcessId}; restarts after a death so far: {watch.Restarts})."));
    }

    /// <summary>Tells 'lnrelay web' (and anyone reading DIR/NAME/node.state) what the supervisor now does with the node.</summary>
    private void Publish(string dir, string state, int attempt) =>
        ControlFiles.WriteState(dir, new NodeStateRecord(state, attempt, _time.GetUtcNow()));

    private string NodeDir(string name) => Path.GetFullPath(_network.Folder.NodeDirectory(name));

    private void Say(string line)
    {
        lock (_report)
        {
            _report.WriteLine($"lnrelay: {line}");
        }
    }

    private enum NodeState
    {
        Running,
        Starting,
        Stopped,
    }

    private sealed class NodeWatch
    {
        public NodeState State { get; set; }

        public Task<ChildProcessNode?>? Pending { get; set; }

        /// <summary>Restarts after a death (not those asked for).</summary>
        public int Restarts { get; set; }

        public void Restart(Task<ChildProcessNode?> pending, int restarts)
        {
            Pending = pending;
            Restarts = restarts;
            State = NodeState.Starting;
        }
    }
}
