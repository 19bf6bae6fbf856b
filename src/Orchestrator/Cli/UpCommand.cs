using System.CommandLine;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Supervision;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay up [--dir DIR] [--topology FILE] [--in-process]</c>: initialises DIR if
/// needed, starts every node, waits for every channel's peers, prints the nodes and
/// channels, and runs until Ctrl+C; then stops every node. It supervises its nodes
/// (<see cref="NetworkSupervisor"/>, docs/supervision.md): a node that dies is reported with
/// the end of its log and restarted with back-off, or, with <c>--restart never</c>, the
/// others are stopped (exit 1).
/// </summary>
internal static class UpCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The network folder (from 'lnrelay init'); initialised from --topology first when it has no network.json.");
        var topology = SharedOptions.Topology();
        var inProcess = new Option<bool>("--in-process")
        {
            Description = "Host every node in this one process instead of one lnrelay-node child process per node.",
        };
        var basePort = SharedOptions.BasePort();
        var wait = new Option<int>("--connect-timeout")
        {
            Description = "Seconds to wait for every channel's peers to connect.",
            DefaultValueFactory = _ => 30,
        };
        var restart = new Option<string>("--restart")
        {
            Description = "When a node exits without being asked: 'on-failure' reports it and starts it again with back-off while the others keep running; " +
                "'never' reports it and stops every node. Child processes only (--in-process nodes share this process).",
            DefaultValueFactory = _ => RestartPolicies.OnFailureName,
        };
        restart.AcceptOnlyFromAmong(RestartPolicies.OnFailureName, RestartPolicies.NeverName);
        var web = SharedOptions.Web();
        var webPort = SharedOptions.WebPort("--web-port");
        var command = new Command(
            "up",
            "Start a network on this machine and keep it running until Ctrl+C: one lnrelay-node process per node " +
            "(or all in this process with --in-process). Waits until every channel's two ends are connected, then " +
            "prints the nodes (name, node id, peer address, control API) and channels (scid, ends, capacity, balances). " +
            "A node that dies is restarted (see --restart); 'lnrelay node stop|start|restart|kill' act on one node.\n" +
            "Example: lnrelay up --dir ./net    (then, in another terminal: lnrelay pay --dir ./net --from alice --to dave --amount-msat 100000)")
        {
            dir,
            topology,
            inProcess,
            basePort,
            wait,
            restart,
            web,
            webPort,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var stop = StopSignal.Create(ct);
            await using var server = parse.GetValue(web) ? await WebServer.StartAndAnnounceAsync(parse.GetValue(dir)!, parse.GetValue(webPort), Console.Out, ct: stop.Token) : null;
            return await RunAsync(parse.GetValue(dir)!, parse.GetValue(topology), parse.GetValue(inProcess), parse.GetValue(basePort), parse.GetValue(wait), Policy(parse.GetValue(restart)), stop.Token);
        });
        return command;
    }

    /// <summary>Why the folder's network cannot be started again here: an 'up' still supervises it, or nodes of an earlier one still run; null when nothing of it runs.</summary>
    private static string? AlreadyRunning(NetworkFolder folder)
    {
        if (ControlFiles.LiveSupervisor(folder.Directory) is { } up)
        {
            return $"{folder.Directory} is already up: 'lnrelay up' runs as pid {up.Pid} since {up.StartedAt:u}. Use that network (lnrelay pay, lnrelay node …), or stop it first (Ctrl+C where it runs, or 'kill {up.Pid}').";
        }

        var live = folder.Network.Nodes.Select(n => (n.Name, Record: ControlFiles.LiveNode(folder.NodeDirectory(n.Name)))).Where(n => n.Record is not null).ToList();
        if (live.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", live.Take(5).Select(n => $"{n.Name} (pid {n.Record!.Pid})"));
        var more = live.Count > 5 ? $" and {live.Count - 5} more" : "";
        return $"nodes of an earlier 'lnrelay up' on {folder.Directory} still run without it: {named}{more}. Stop each with 'lnrelay node stop --dir {folder.Directory} NAME', then run 'lnrelay up' again.";
    }

    private static RestartPolicy Policy(string? name) => name == RestartPolicies.NeverName ? RestartPolicy.Never : RestartPolicy.OnFailure;

    private static async Task<int> RunAsync(string dir, string? topology, bool inProcess, int? basePort, int connectSeconds, RestartPolicy restart, CancellationToken ct)
    {
        if (connectSeconds is < 1 or > 600)
        {
            throw new UsageException("--connect-timeout: from 1 to 600 seconds.");
        }

        var folder = NetworkInit.OpenLocal(dir, topology, basePort, Console.Error);
        if (folder is null)
        {
            return ExitCodes.Refused;
        }

        if (AlreadyRunning(folder) is { } running)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {running}");
            return ExitCodes.Refused;
        }

        Console.Error.WriteLine($"Starting {folder.Network.Nodes.Count} nodes of '{folder.Network.Network}' from {Path.GetFullPath(dir)} ({(inProcess ? "in this process" : "one lnrelay-node process each")})…");
        RunningNetwork network;
        var steps = new StepTimer(Console.Error);
        try
        {
            network = await steps.RunAsync("start nodes", () => RunningNetwork.StartAsync(folder, inProcess, ct, progress: Console.Error));
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {e.Message}");
            return ExitCodes.Refused;
        }

        int exit;
        await using (network)
        {
            try
            {
                await steps.RunAsync("connect every channel's peers", () => network.WaitConnectedAsync(TimeSpan.FromSeconds(connectSeconds), Console.Error, ct));
                await NetworkTables.WriteRunningAsync(network, Console.Out, ct);
                Console.Out.WriteLine();
                var death = await new NetworkSupervisor(network, restart, inProcess, Console.Error, TimeProvider.System).RunAsync(
                    () =>
                    {
                        Console.Out.WriteLine($"The network is up. Logs: {DataFolder.LogFile(Path.Combine(Path.GetFullPath(dir), "NAME"), "NAME")}. Press Ctrl+C to stop.");
                        Console.Out.Flush();
                    },
                    ct);
                await Console.Error.WriteLineAsync($"lnrelay: a node died; stopping the others (--restart never).{Environment.NewLine}{death}");
                exit = ExitCodes.Refused;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("Stopping every node…");
                exit = ExitCodes.Success;
            }
            catch (Exception e) when (e is TimeoutException or NodeDiedException or NodeApiException or HttpRequestException)
            {
                await Console.Error.WriteLineAsync($"lnrelay: {e.Message}");
                exit = ExitCodes.Refused;
            }
        }

        // Leaving the await using stopped every node.
        await Console.Error.WriteLineAsync("Every node stopped.");
        return exit;
    }
}
