using System.Diagnostics;
using System.Globalization;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;

namespace LnRelay.Orchestrator.Supervision;

/// <summary>
/// <c>lnrelay node kill|stop|start|restart NAME</c> against a running network folder
/// (docs/supervision.md): kill signals the node's process itself (SIGKILL, as a crash would);
/// stop and start set or clear DIR/NAME/node.stop and wait for the supervisor
/// (<see cref="NetworkSupervisor"/>) to act on it. Each says what happened in one line, or
/// why it could not, with the fix; the result is a value, never an exception.
/// </summary>
internal sealed class NodeVerbs(NetworkFolder folder)
{
    /// <summary>How long stop waits for the node to exit (the supervisor's SIGTERM, then its 10 s grace).</summary>
    public static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(30);

    /// <summary>How long start waits for the node to answer: the supervisor's restarts back off, so this is generous.</summary>
    public static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task<VerbResult> KillAsync(string name, CancellationToken ct)
    {
        if (Refusal(name, needSupervisor: false) is { } refused)
        {
            return refused;
        }

        if (ControlFiles.LiveNode(NodeDir(name)) is not { } running)
        {
            return VerbResult.No($"{name} is not running (no live process in {ControlFiles.PidFile(NodeDir(name))}); nothing to kill.");
        }

        var clock = Stopwatch.StartNew();
        try
        {
            using var process = Process.GetProcessById(running.Pid);
            process.Kill(); // SIGKILL on Unix: no clean-up, as a crash or 'kill -9'.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(StopWithin);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // It ended on its own between the look and the signal.
        }

        var supervisor = ControlFiles.LiveSupervisor(folder.Directory);
        var next = supervisor switch
        {
            null => $"No 'lnrelay up' supervises {folder.Directory}: nothing restarts it.",
            { Restart: RestartPolicies.NeverName } => $"'lnrelay up' (pid {supervisor.Pid}) runs with --restart never: it stops every node now.",
            _ => $"'lnrelay up' (pid {supervisor.Pid}) reports it and restarts it with back-off.",
        };
        return VerbResult.Yes(Format($"Killed {name} (pid {running.Pid}) with SIGKILL; it was gone after {clock.Elapsed.TotalMilliseconds:0} ms. {next}"), name, running.Pid);
    }

    public async Task<VerbResult> StopAsync(string name, CancellationToken ct)
    {
        if (Refusal(name, needSupervisor: false) is { } refused)
        {
            return refused;
        }

        var dir = NodeDir(name);
        var running = ControlFiles.LiveNode(dir);
        if (running is null)
        {
            return ControlFiles.StopRequested(dir)
                ? VerbResult.Yes($"{name} is already stopped; start it with 'lnrelay node start --dir {folder.Directory} {name}'.", name, null)
                : VerbResult.No($"{name} is not running (no live process in {ControlFiles.PidFile(dir)}); is the network up ('lnrelay up --dir {folder.Directory}')?");
        }

        var clock = Stopwatch.StartNew();
        ControlFiles.RequestStop(dir, "lnrelay node stop");
        if (ControlFiles.LiveSupervisor(folder.Directory) is null)
        {
            // Nobody to act on the marker (its 'up' was killed): ask the node itself, as up would.
            _ = ProcessSignal.TrySend(running.Pid, ProcessSignal.Terminate);
        }

        if (!await UntilAsync(() => ControlFiles.LiveNode(dir) is null, StopWithin, ct))
        {
            return VerbResult.No(Format($"{name} (pid {running.Pid}) did not stop within {StopWithin.TotalSeconds:0} s; see the output of 'lnrelay up' and {folder.LogFile(name)}."));
        }

        return VerbResult.Yes(Format($"Stopped {name} (pid {running.Pid}) in {clock.Elapsed.TotalSeconds:0.0} s; it stays stopped until 'lnrelay node start --dir {folder.Directory} {name}'."), name, running.Pid);
    }

    public async Task<VerbResult> StartAsync(string name, CancellationToken ct)
    {
        if (Refusal(name, needSupervisor: true) is { } refused)
        {
            return refused;
        }

        var dir = NodeDir(name);
        if (ControlFiles.LiveNode(dir) is { } already && !ControlFiles.StopRequested(dir))
        {
            return VerbResult.Yes($"{name} is already running (pid {already.Pid}).", name, already.Pid);
        }

        var clock = Stopwatch.StartNew();
        ControlFiles.ClearStop(dir);
        var started = await WaitRunningAsync(name, StartWithin, ct);
        return started is null
            ? VerbResult.No(Format($"{name} did not answer within {StartWithin.TotalSeconds:0} s; see the output of 'lnrelay up' and {folder.LogFile(name)}."))
            : VerbResult.Yes(Format($"Started {name} (pid {started.Pid}) in {clock.Elapsed.TotalSeconds:0.0} s; its control API answers at {folder.Node(name)!.ControlUrl}."), name, started.Pid);
    }

    public async Task<VerbResult> RestartAsync(string name, CancellationToken ct)
    {
        if (Refusal(name, needSupervisor: true) is { } refused)
        {
            return refused;
        }

        var stopped = await StopAsync(name, ct);
        if (!stopped.Ok)
        {
            return stopped;
        }

        var started = await StartAsync(name, ct);
        return started with { Message = stopped.Message.Split(';')[0] + "; " + started.Message };
    }

    /// <summary>Waits until the node runs (a live pid file) and its control API answers; its process record, or null at the deadline.</summary>
    public async Task<ProcessRecord?> WaitRunningAsync(string name, TimeSpan within, CancellationToken ct)
    {
        using var client = folder.Client(name);
        ProcessRecord? running = null;
        await UntilAsync(
            async () =>
            {
                running = ControlFiles.LiveNode(NodeDir(name));
                return running is not null && await NodeHealth.AnswersAsync(client, ct);
            },
            within,
            ct);
        return running is not null && await NodeHealth.AnswersAsync(client, ct) ? running : null;
    }

    private VerbResult? Refusal(string name, bool needSupervisor)
    {
        if (folder.Node(name) is null)
        {
            return VerbResult.No($"'{name}' is not a node of {folder.Directory} ({string.Join(", ", folder.Network.Nodes.Select(n => n.Name))}).");
        }

        var supervisor = ControlFiles.LiveSupervisor(folder.Directory);
        if (supervisor is { Host: "in-process" })
        {
            return VerbResult.No($"'lnrelay up --in-process' (pid {supervisor.Pid}) hosts every node of {folder.Directory} in its own process: the node verbs need one process per node; start the network with 'lnrelay up --dir {folder.Directory}'.");
        }

        return needSupervisor && supervisor is null
            ? VerbResult.No($"No 'lnrelay up' supervises {folder.Directory} (no live {ControlFiles.SupervisorFileName}): start the network with 'lnrelay up --dir {folder.Directory}', which starts every node.")
            : null;
    }

    private string NodeDir(string name) => Path.GetFullPath(folder.NodeDirectory(name));

    private static Task<bool> UntilAsync(Func<bool> condition, TimeSpan within, CancellationToken ct) =>
        UntilAsync(() => Task.FromResult(condition()), within, ct);

    private static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(Poll, ct);
        }

        return true;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a node verb did: whether it did it, one line saying what happened (or why not, with the fix), and the node's pid it acted on.</summary>
internal sealed record VerbResult(bool Ok, string Message, string? Node, int? Pid)
{
    public static VerbResult Yes(string message, string name, int? pid) => new(true, message, name, pid);

    public static VerbResult No(string message) => new(false, message, null, null);
}
