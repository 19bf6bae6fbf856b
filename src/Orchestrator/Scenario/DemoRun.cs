using System.Diagnostics;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Scenario;

/// <summary>
/// 'lnrelay demo' from start to end: init the five-node network into a fresh folder,
/// start it, run <see cref="DemoScenario"/>, print the results, stop every node (which
/// flushes their logs), print the knowledge table of the first four-hop payment, and
/// write results.json. The tables are written as the run goes (they read the running
/// network); the end is a <see cref="DemoOutcome"/>, whose summary and exit code (0 only when
/// every payment ended as the scenario expected) 'lnrelay demo' renders.
/// <see cref="AttachAsync"/> runs the same scenario against nodes that already run
/// elsewhere (one container each, under docker compose) and leaves them running.
/// </summary>
internal static class DemoRun
{
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(30);

    // Running nodes write their JSON log from a background task (Node/Logging/BackgroundFileSink), a moment after the event; this is ample.
    private static readonly TimeSpan LogFlushDeadline = TimeSpan.FromSeconds(10);

    public static async Task<DemoOutcome> RunAsync(string dir, bool inProcess, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (NetworkFolder.IsInitialised(dir))
        {
            throw new UsageException($"--out: {dir} already holds a network; the demo starts from a fresh folder. Choose another, or leave --out out for a new one.");
        }

        output.WriteLine($"lnrelay demo: the five-node network in {Path.GetFullPath(dir)}");
        if (NetworkInit.Initialize(null, dir, force: false, HostStyle.Local, basePort: null, progress) is null)
        {
            return DemoOutcome.Refused(null);
        }

        var folder = NetworkFolder.Load(dir, out var errors) ?? throw new InvalidOperationException(string.Join(" ", errors));
        progress.WriteLine($"Starting {folder.Network.Nodes.Count} nodes ({(inProcess ? "in this process" : "one lnrelay-node process each")})…");
        DemoOutcome ran;
        await using (var network = await RunningNetwork.StartAsync(folder, inProcess, ct))
        {
            ran = await RunScenarioAsync(network, output, progress, ct);
        }

        if (ran.Payments is not { } payments)
        {
            return ran;
        }

        progress.WriteLine("Every node stopped.");
        return await FinishAsync(dir, dir, TimeSpan.Zero, payments, clock, output, ct);
    }

    /// <summary>
    /// The scenario against a network that already runs (every node of <paramref name="dir"/>
    /// reachable at its control_url), reading the nodes' logs from <paramref name="logs"/>
    /// (default: the network folder's NAME/logs). results.json goes into <paramref name="dir"/>.
    /// The nodes keep running; the knowledge table waits for their logs to show the payment.
    /// </summary>
    public static async Task<DemoOutcome> AttachAsync(string dir, string? logs, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var folder = NetworkFolder.Load(dir, out var errors) ?? throw new UsageException($"--attach: {string.Join(" ", errors)}");
        if (DemoScenario.Missing(folder.Network) is { } missing)
        {
            throw new UsageException($"--attach: {dir} holds network '{folder.Network.Network}' ({string.Join(", ", folder.Network.Nodes.Select(n => n.Name))}); the demo's scenario needs {missing}. Initialise it from topologies/five-node.yaml.");
        }

        if (logs is not null && !Directory.Exists(logs))
        {
            throw new UsageException($"--logs: folder '{logs}' does not exist; pass the folder the nodes write NAME.jsonl into (their --log-dir).");
        }

        output.WriteLine($"lnrelay demo: attached to the running network '{folder.Network.Network}' in {Path.GetFullPath(dir)}");
        RunningNetwork network;
        try
        {
            network = RunningNetwork.Attach(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DemoOutcome.Refused($"cannot read a node's API token in {dir}: {e.Message}");
        }

        DemoOutcome ran;
        await using (network)
        {
            ran = await RunScenarioAsync(network, output, progress, ct);
        }

        return ran.Payments is { } payments ? await FinishAsync(dir, logs ?? dir, LogFlushDeadline, payments, clock, output, ct) : ran;
    }

    /// <summary>Waits for the peers, prints the network, runs the scenario and prints its rows and the balances; refused (with the reason) when the network failed it.</summary>
    private static async Task<DemoOutcome> RunScenarioAsync(RunningNetwork network, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        try
        {
            await network.WaitConnectedAsync(ConnectDeadline, progress, ct);
            output.WriteLine();
            await NetworkTables.WriteRunningAsync(network, output, ct);
            output.WriteLine();
            var payments = await ScenarioRunner.RunAsync(network, DemoScenario.Steps, progress, ct);
            output.WriteLine();
            PaymentTable.Write(output, payments, p => p.Record, p => p.Step.Name, p => p.Mismatch is { } m ? "NO: " + m : "yes");
            output.WriteLine();
            NetworkTables.WriteChannels(output, await ChannelBalances.ReadAsync(network, ct));
            return new DemoOutcome(payments, null);
        }
        catch (Exception e) when (e is TimeoutException or NodeDiedException or NodeApiException or HttpRequestException)
        {
            return DemoOutcome.Refused(e.Message);
        }
    }

    private static async Task<DemoOutcome> FinishAsync(string dir, string logs, TimeSpan logWait, IReadOnlyList<ScenarioPayment> payments, Stopwatch clock, TextWriter output, CancellationToken ct)
    {
        ResultsFile.Write(Path.Combine(dir, ResultsFile.FileName), payments);
        await WriteKnowledgeAsync(logs, logWait, payments, output, ct);
        var report = Web.ReportPage.Write(dir, out _, logs);
        return new DemoOutcome(payments, null)
        {
            ResultsPath = Path.Combine(dir, ResultsFile.FileName),
            LogsPattern = logs == dir ? DataFolder.LogFile(Path.Combine(dir, "NAME"), "NAME") : Path.Combine(logs, DataFolder.LogFileName("NAME")),
            ReportPage = report,
            Elapsed = clock.Elapsed,
        };
    }

    private static async Task WriteKnowledgeAsync(string logs, TimeSpan logWait, IReadOnlyList<ScenarioPayment> payments, TextWriter output, CancellationToken ct)
    {
        // An ordinary payment's table, the same route point-locked (docs/ptlc.md): a different lock at every
        // hop, then a blinded one's (docs/blinded-paths.md): what the payer saw instead of the payee.
        foreach (var step in new[] { DemoScenario.KnowledgeStep, DemoScenario.PointLockStep, DemoScenario.BlindedStep })
        {
            var chosen = payments.FirstOrDefault(p => p.Step.Name == step && p.Matched);
            if (chosen is null)
            {
                continue;
            }

            // The table writes its own heading ("What each node knew of payment …"); the route is its rows,
            // and through a blinded path also the real hops after the introduction node.
            var rows = (chosen.Record.Result.Route?.Count ?? 0) + (chosen.Step.Blinded?.Hops ?? 0);
            output.WriteLine();
            var knowledge = await ReadKnowledgeAsync(logs, chosen.Record.Result.PaymentHash, rows, logWait, ct);
            if (knowledge.Report is { } report)
            {
                KnowledgeTableWriter.Write(output, report, knowledge.Chosen);
            }
            else
            {
                output.WriteLine($"What each node knew of payment {chosen.Record.Result.PaymentHash}: no knowledge table ({knowledge.Error})");
            }
        }
    }

    /// <summary>The report once every hop's HopView is in the logs, or what there is at the deadline (running nodes write theirs a moment after the payment ends).</summary>
    private static async Task<KnowledgeResult> ReadKnowledgeAsync(string logs, string paymentHash, int hops, TimeSpan deadline, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var knowledge = KnowledgeReport.FromFolder(logs, paymentHash);
            if ((knowledge.Report is { } report && report.Rows.Count >= hops) || clock.Elapsed >= deadline)
            {
                return knowledge;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }
}
