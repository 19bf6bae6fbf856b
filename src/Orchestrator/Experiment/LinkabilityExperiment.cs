using System.Diagnostics;
using LnRelay.Orchestrator.Bench;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Linkability;
using LnRelay.Orchestrator.NetworkSetup;

namespace LnRelay.Orchestrator.Experiment;

/// <summary>
/// <c>lnrelay experiment linkability</c> (docs/privacy.md, "The experiment"): for every lock
/// kind, every mitigation and every load, a fresh in-process network (<see cref="ExperimentTopology"/>, no
/// stores) sends the same seeded plan with that many payments in flight, stops, and the
/// linkability audit reads its logs for every colluder set. Latency is each payment's time from
/// the payer's call to its result. It returns an <see cref="ExperimentOutcome"/> (the report, or
/// why it could not run); 'lnrelay experiment linkability' renders it and decides the exit code.
/// </summary>
internal static class LinkabilityExperiment
{
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Runs every row; progress goes to <paramref name="progressWriter"/>, the result is returned.</summary>
    public static async Task<ExperimentOutcome> RunAsync(ExperimentOptions options, TextWriter progressWriter, CancellationToken ct)
    {
        var progress = new BenchProgress(progressWriter);
        var topology = ExperimentTopology.Build();
        var plan = ExperimentPlan.Draw(options.Seed, options.Payments, ExperimentTopology.Wallets);
        var temporary = options.Out is null;
        var dir = options.Out ?? Path.Combine(Path.GetTempPath(), "lnrelay-experiment-" + Guid.NewGuid().ToString("N")[..8]);
        var loadAtStart = Machine.LoadAverage();
        var cells = new List<ExperimentCell>();
        try
        {
            foreach (var lockKind in options.LockKinds)
            {
                foreach (var name in options.Mitigations)
                {
                    var mitigation = options.Mitigation(name);
                    foreach (var load in options.Loads)
                    {
                        var cellDir = Path.Combine(dir, $"{lockKind}-{name}-{load}");
                        var init = NetworkInitializer.Initialize(topology, cellDir, force: false, HostStyle.Local, basePort: null);
                        if (!init.Succeeded)
                        {
                            return ExperimentOutcome.Refused(init.Error!);
                        }

                        progress.Note($"{lockKind} locks, {mitigation.Describe}, {load} in flight: {plan.Count} payments…");
                        var (latencies, failures) = await SendAsync(cellDir, topology.Nodes, lockKind, mitigation, options.Seed, plan, load, progress, ct);
                        // Payer noise: audited by a linker that assumes exact policy fees, and by one that knows the noise range.
                        var audits = options.Colluders.SelectMany(set => mitigation.Widen is { } widen
                            ? new[] { Audit(cellDir, set, null), Audit(cellDir, set, widen) }
                            : [Audit(cellDir, set, null)]).ToList();
                        cells.Add(new ExperimentCell(lockKind, mitigation, load, plan.Count, failures, latencies, audits));
                    }
                }
            }

            return new ExperimentOutcome(new ExperimentReport(options, cells, loadAtStart, Machine.LoadAverage()), null);
        }
        catch (Exception e) when (e is TimeoutException or NodeDiedException or NodeApiException or HttpRequestException or InvalidOperationException)
        {
            return ExperimentOutcome.Refused(e.Message);
        }
        finally
        {
            if (temporary)
            {
                BenchNetworkRun.TryDelete(dir);
            }
        }
    }

    private static async Task<(double[] Latencies, int Failures)> SendAsync(
        string cellDir, IReadOnlyList<string> nodes, string lockKind, Mitigation mitigation, int seed, IReadOnlyList<ExperimentPayment> plan, int load, BenchProgress progress, CancellationToken ct)
    {
        var folder = NetworkFolder.Load(cellDir, out var errors) ?? throw new InvalidOperationException(string.Join(" ", errors));
        // Each node draws its jitter and shadow offsets from its own seeded source.
        var index = nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        await using var network = await RunningNetwork.StartAsync(
            folder, inProcess: true, ct, inMemory: true, (name, settings) => settings with { Privacy = mitigation.Options(new Random(unchecked((seed * 1_000) + index[name]))) });
        await network.WaitConnectedAsync(ConnectDeadline, progress.Writer, ct);
        var driver = new DirectBenchPayments(network.Nodes.Cast<InProcessNode>().ToDictionary(n => n.Name, n => n.Runtime, StringComparer.Ordinal), lockKind);
        var latencies = new double[plan.Count];
        var failures = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(load, plan.Count)).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < plan.Count)
                {
                    var p = plan[i];
                    var clock = Stopwatch.StartNew();
                    var outcome = await driver.PayAsync(p.From, p.To, p.AmountMsat, unknownHash: false, ct);
                    latencies[i] = clock.Elapsed.TotalMilliseconds;
                    if (!outcome.Succeeded)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            },
            ct)));
        return (latencies, failures);
    }

    private static ExperimentAudit Audit(string cellDir, IReadOnlyList<string> colluders, Func<HeuristicParameters, HeuristicParameters>? widen)
    {
        var result = LinkabilityAudit.FromFolder(cellDir, colluders, widen);
        return new ExperimentAudit(colluders, result.Report ?? throw new InvalidOperationException($"the audit of {string.Join(",", colluders)} failed: {result.Error}"))
        {
            Linker = widen is null ? ExperimentAudit.PolicyLinker : ExperimentAudit.NoiseAwareLinker,
        };
    }
}

/// <summary>One colluder set's audit of one cell, by the heuristic <see cref="Linker"/> named.</summary>
internal sealed record ExperimentAudit(IReadOnlyList<string> Colluders, LinkabilityReport Report)
{
    /// <summary>The heuristic with the network's policy ranges (docs/privacy.md "The heuristic linker").</summary>
    public const string PolicyLinker = "policies";

    /// <summary>…widened by the payers' noise range, as colluders who know the software's settings would.</summary>
    public const string NoiseAwareLinker = "policies+noise";

    public string Linker { get; init; } = PolicyLinker;
}

/// <summary>One mitigation at one load: the payments' latencies (ms, in plan order) and every colluder set's audit.</summary>
internal sealed record ExperimentCell(string Lock, Mitigation Mitigation, int Load, int Payments, int Failures, double[] LatenciesMs, IReadOnlyList<ExperimentAudit> Audits)
{
    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>The whole run.</summary>
internal sealed record ExperimentReport(ExperimentOptions Options, IReadOnlyList<ExperimentCell> Cells, string? LoadAtStart, string? LoadAtEnd);
