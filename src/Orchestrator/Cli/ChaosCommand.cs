using System.CommandLine;
using System.Globalization;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Audit;
using LnRelay.Orchestrator.Chaos;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Scenario;
using LnRelay.Orchestrator.Supervision;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay chaos --dir DIR --kill NAME[,NAME] --every S --for S [payment options]</c>:
/// payments through a network that 'lnrelay up' supervises while chosen nodes are killed and
/// restarted (<see cref="ChaosRun"/>), then the accounting (<see cref="NetworkAudit"/>).
/// Exit 0 when the audit passes.
/// </summary>
internal static class ChaosCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The folder of a network running under 'lnrelay up' (with its default --restart on-failure).");
        var kill = new Option<string>("--kill") { Description = "The nodes to kill, comma-separated (one chosen at random each time), e.g. carol or bob,carol.", Required = true };
        var every = new Option<double>("--every") { Description = "One kill at a random moment of every period of this many seconds.", DefaultValueFactory = _ => 5 };
        var during = new Option<double>("--for") { Description = "Kill for this many seconds (or until the payments end, if sooner).", DefaultValueFactory = _ => 30 };
        var from = new Option<string?>("--from") { Description = "The payer of every payment (default: a random node each time)." };
        var to = new Option<string?>("--to") { Description = "The payee of every payment (default: a random other node each time)." };
        var amount = new Option<ulong>("--amount-msat") { Description = "The amount of each payment, varied at random by up to 10% either way.", DefaultValueFactory = _ => 10_000 };
        var count = new Option<int>("--count") { Description = "How many payments to send.", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "How many payments may be in flight at once.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seeds the kill moments, the victims, the pairs and the amounts, so a run can be repeated.", DefaultValueFactory = _ => 1 };
        var results = new Option<string?>("--results") { Description = "Also write every payment to this JSON file (the schema of the demo's results.json, docs/demo.md)." };
        var json = new Option<bool>("--json") { Description = "Print the accounting as JSON (as 'lnrelay audit --json') instead of tables." };
        var command = new Command(
            "chaos",
            "Send payments through a running network while killing chosen nodes with SIGKILL at random moments; 'lnrelay up' restarts them. " +
            "At the end: the payments' outcome, the kills (when, whom, how long until back) and the accounting of 'lnrelay audit'.\n" +
            "Example: lnrelay chaos --dir ./net --kill carol --every 5 --for 30 --from alice --to eve --count 2000 --concurrency 16")
        {
            dir, kill, every, during, from, to, amount, count, concurrency, seed, results, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = NetworkFolder.Load(parse.GetValue(dir)!, out var errors) ?? throw new UsageException($"--dir: {string.Join(" ", errors)}");
            var options = Validate(folder, parse.GetValue(kill)!, parse.GetValue(every), parse.GetValue(during), parse.GetValue(from), parse.GetValue(to), parse.GetValue(amount), parse.GetValue(count), parse.GetValue(concurrency), parse.GetValue(seed));
            return await RunAsync(folder, options, parse.GetValue(results), parse.GetValue(json), ct);
        });
        return command;
    }

    private static ChaosOptions Validate(NetworkFolder folder, string kill, double every, double during, string? from, string? to, ulong amount, int count, int concurrency, int seed)
    {
        var names = string.Join(", ", folder.Network.Nodes.Select(n => n.Name));
        var victims = kill.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (victims.Length == 0 || victims.Any(v => folder.Node(v) is null))
        {
            throw new UsageException($"--kill: one or more nodes of the network, comma-separated ({names}).");
        }

        if ((from is not null && folder.Node(from) is null) || (to is not null && folder.Node(to) is null) || (from is not null && from == to))
        {
            throw new UsageException($"--from and --to: nodes of the network ({names}), different from each other; leave either out for random ones.");
        }

        if (every is < 0.5 or > 3600 || during is < 0 or > 86_400)
        {
            throw new UsageException("--every from 0.5 to 3600 seconds, --for from 0 to 86400 seconds.");
        }

        if (amount == 0 || count is < 1 or > 1_000_000 || concurrency is < 1 or > 256)
        {
            throw new UsageException("--amount-msat above 0, --count from 1 to 1000000, --concurrency from 1 to 256.");
        }

        return new ChaosOptions(victims, TimeSpan.FromSeconds(every), TimeSpan.FromSeconds(during), from, to, amount, count, concurrency, seed);
    }

    private static async Task<int> RunAsync(NetworkFolder folder, ChaosOptions options, string? resultsFile, bool json, CancellationToken ct)
    {
        var supervisor = ControlFiles.LiveSupervisor(folder.Directory);
        if (supervisor is not { Host: "child-process", Restart: RestartPolicies.OnFailureName })
        {
            await Console.Error.WriteLineAsync(supervisor is null
                ? $"lnrelay: no 'lnrelay up' supervises {folder.Directory}: start it with 'lnrelay up --dir {folder.Directory}' (which restarts killed nodes) in another terminal."
                : $"lnrelay: the 'lnrelay up' of {folder.Directory} (pid {supervisor.Pid}) runs {supervisor.Host} with --restart {supervisor.Restart}: chaos needs child processes restarted on failure; start it with 'lnrelay up --dir {folder.Directory}'.");
            return ExitCodes.Refused;
        }

        var chaos = new ChaosRun(folder, options, Console.Error);
        var records = await chaos.RunAsync(ct);
        var output = json ? Console.Error : Console.Out;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Payments: {records.Count(r => r.Unknown is null && r.Result.Status == PaymentStatus.Succeeded)} succeeded, {records.Count(r => r.Unknown is null && r.Result.Status == PaymentStatus.Failed)} failed, {records.Count(r => r.Unknown is not null)} unknown to this run (a node went away mid-call), of {records.Count}."));
        output.WriteLine();
        chaos.WriteKills(output);
        output.WriteLine();
        if (resultsFile is not null)
        {
            ResultsFile.WritePayments(resultsFile, "chaos", records);
            output.WriteLine($"Wrote {records.Count} payments to {resultsFile}.");
        }

        var seen = records.Where(r => r.Result.PaymentHash.Length > 0)
            .GroupBy(r => r.Result.PaymentHash, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Unknown is null ? g.First().Result.Status : PaymentStatus.InFlight, StringComparer.OrdinalIgnoreCase);
        await Console.Error.WriteLineAsync("Waiting for the network to be quiet, then counting…");
        var audit = await NetworkAudit.RunAsync(folder, TimeSpan.FromSeconds(60), seen, ct);
        if (json)
        {
            NetworkAudit.WriteJson(Console.Out, audit);
        }
        else
        {
            NetworkAudit.Write(Console.Out, audit);
        }

        return audit.Passed ? ExitCodes.Success : ExitCodes.Refused;
    }
}
