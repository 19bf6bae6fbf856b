using System.Diagnostics;
using System.Globalization;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Launch;

namespace LnRelay.Orchestrator.Scenario;

/// <summary>
/// 'lnrelay demo' from start to end: init the five-node network into a fresh folder,
/// start it, run <see cref="DemoScenario"/>, print the results, stop every node (which
/// flushes their logs), print the knowledge table of the first four-hop payment, and
/// write results.json. Exit 0 only when every payment ended as the scenario expected.
/// </summary>
internal static class DemoRun
{
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string dir, bool inProcess, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (NetworkFolder.IsInitialised(dir))
        {
            throw new UsageException($"--out: {dir} already holds a network; the demo starts from a fresh folder. Choose another, or leave --out out for a new one.");
        }

        output.WriteLine($"lnrelay demo: the five-node network in {Path.GetFullPath(dir)}");
        if (InitCommand.InitTopology(null, dir, force: false, HostStyle.Local, basePort: null, progress) is null)
        {
            return ExitCodes.Refused;
        }

        var folder = NetworkFolder.Load(dir, out var errors) ?? throw new InvalidOperationException(string.Join(" ", errors));
        progress.WriteLine($"Starting {folder.Network.Nodes.Count} nodes ({(inProcess ? "in this process" : "one lnrelay-node process each")})…");
        IReadOnlyList<ScenarioPayment> payments;
        await using (var network = await RunningNetwork.StartAsync(folder, inProcess, ct))
        {
            try
            {
                await network.WaitConnectedAsync(ConnectDeadline, progress, ct);
                output.WriteLine();
                await UpCommand.WriteTablesAsync(network, output, ct);
                output.WriteLine();
                payments = await ScenarioRunner.RunAsync(network, DemoScenario.Steps, progress, ct);
                output.WriteLine();
                PaymentTable.Write(output, payments.Select(p => p.Record), r => payments.First(p => p.Record == r).Step.Name, r => payments.First(p => p.Record == r).Mismatch is { } m ? "NO: " + m : "yes");
                output.WriteLine();
                NetworkTables.WriteChannels(output, await ChannelBalances.ReadAsync(network, ct));
            }
            catch (Exception e) when (e is TimeoutException or NodeDiedException or NodeApiException or HttpRequestException)
            {
                await progress.WriteLineAsync($"lnrelay: {e.Message}");
                return ExitCodes.Refused;
            }
        }

        progress.WriteLine("Every node stopped.");
        ResultsFile.Write(Path.Combine(dir, ResultsFile.FileName), payments);
        WriteKnowledge(dir, payments, output);
        var matched = payments.Count(p => p.Matched);
        output.WriteLine();
        output.WriteLine($"Results: {Path.Combine(dir, ResultsFile.FileName)}. Logs: {Path.Combine(dir, "NAME", "logs", "NAME.jsonl")}.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{matched} of {payments.Count} payments ended as the scenario expected, in {clock.Elapsed.TotalSeconds:0.0} s."));
        return matched == payments.Count ? ExitCodes.Success : ExitCodes.Refused;
    }

    private static void WriteKnowledge(string dir, IReadOnlyList<ScenarioPayment> payments, TextWriter output)
    {
        var chosen = payments.FirstOrDefault(p => p.Step.Name == DemoScenario.KnowledgeStep && p.Matched);
        if (chosen is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"What each hop knew of payment {chosen.Record.Result.PaymentHash} ({string.Join(" > ", chosen.Record.Result.Route ?? [])}):");
        var knowledge = KnowledgeReport.FromFolder(dir, chosen.Record.Result.PaymentHash);
        if (knowledge.Report is { } report)
        {
            KnowledgeTableWriter.Write(output, report, knowledge.Chosen);
        }
        else
        {
            output.WriteLine($"  (no knowledge table: {knowledge.Error})");
        }
    }
}
