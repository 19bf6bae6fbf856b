using System.CommandLine;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Supervision;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay node kill|stop|start|restart NAME [--dir DIR] [--json]</c>: one node of a network
/// that <c>lnrelay up</c> runs as child processes (docs/supervision.md). Exit 0 when done,
/// 1 when it could not be (the message says why and what to do).
/// </summary>
internal static class NodeCommand
{
    public static Command Build()
    {
        var command = new Command(
            "node",
            "Act on one node of a network started with 'lnrelay up' (one process per node): kill it (SIGKILL, for crash experiments; " +
            "up restarts it), stop it cleanly and keep it stopped, start it again, or restart it. Each prints what happened.\n" +
            "Example: lnrelay node kill --dir ./net carol    (then watch 'lnrelay up' report and restart her)");
        command.Subcommands.Add(Verb("kill", "Kill the node's process with SIGKILL, as a crash would: no clean shutdown. 'lnrelay up' reports it and restarts it with back-off (unless it runs with --restart never).", (v, n, ct) => v.KillAsync(n, ct)));
        command.Subcommands.Add(Verb("stop", "Stop the node cleanly (SIGTERM through 'lnrelay up') and keep it stopped: up does not restart it until 'lnrelay node start'.", (v, n, ct) => v.StopAsync(n, ct)));
        command.Subcommands.Add(Verb("start", "Start a node that was stopped (or that up gave up restarting); waits until its control API answers.", (v, n, ct) => v.StartAsync(n, ct)));
        command.Subcommands.Add(Verb("restart", "Stop the node cleanly, then start it; waits until its control API answers.", (v, n, ct) => v.RestartAsync(n, ct)));
        return command;
    }

    private static Command Verb(string name, string description, Func<NodeVerbs, string, CancellationToken, Task<VerbResult>> act)
    {
        var dir = SharedOptions.Dir("The folder of a network running under 'lnrelay up'.");
        var node = new Argument<string>("NAME") { Description = "The node's name, as in network.json." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (verb, ok, node, pid, message) instead of the sentence." };
        var command = new Command(name, description) { node, dir, json };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(dir)!;
            var folder = NetworkFolder.Load(path, out var errors) ?? throw new UsageException($"--dir: {string.Join(" ", errors)}");
            var result = await act(new NodeVerbs(folder), parse.GetValue(node)!, ct);
            if (parse.GetValue(json))
            {
                JsonOutput.WriteLine(new System.Text.Json.Nodes.JsonObject { ["verb"] = name, ["ok"] = result.Ok, ["node"] = parse.GetValue(node), ["pid"] = result.Pid, ["message"] = result.Message });
            }
            else
            {
                (result.Ok ? Console.Out : Console.Error).WriteLine(result.Ok ? result.Message : $"lnrelay: {result.Message}");
            }

            return result.Ok ? ExitCodes.Success : ExitCodes.Refused;
        });
        return command;
    }
}
