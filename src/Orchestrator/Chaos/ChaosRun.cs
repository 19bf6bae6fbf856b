using System.Diagnostics;
using System.Globalization;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Supervision;

namespace LnRelay.Orchestrator.Chaos;

/// <summary>What 'lnrelay chaos' was asked to do (docs/supervision.md, "chaos").</summary>
internal sealed record ChaosOptions(
    IReadOnlyList<string> Victims,
    TimeSpan Every,
    TimeSpan For,
    string? From,
    string? To,
    ulong AmountMsat,
    int Count,
    int Concurrency,
    int Seed);

/// <summary>One kill: when (since the start), whom, which process, and how long until it answered again (null if it did not within the wait).</summary>
internal sealed record ChaosKill(TimeSpan At, string Node, int? Pid, TimeSpan? BackAfter, string Message);

/// <summary>
/// Sends payments while killing chosen nodes with SIGKILL at random moments, one in each
/// period of <see cref="ChaosOptions.Every"/> (drawn from the seeded random source, so a run
/// can be repeated), for <see cref="ChaosOptions.For"/> or until the payments end; 'lnrelay up'
/// restarts each victim, and the run waits for it to answer before the next kill.
/// </summary>
internal sealed class ChaosRun(NetworkFolder folder, ChaosOptions options, TextWriter progress)
{
    /// <summary>A client waits this long for a node that is being restarted before calling it gone.</summary>
    private static readonly TimeSpan ClientPatience = TimeSpan.FromSeconds(20);

    public List<ChaosKill> Kills { get; } = [];

    public async Task<IReadOnlyList<PaymentRecord>> RunAsync(CancellationToken ct)
    {
        var random = new Random(options.Seed);
        var plan = Plan(random);
        var clients = folder.Network.Nodes.ToDictionary(n => n.Name, n => folder.Client(n.Name, ClientPatience), StringComparer.Ordinal);
        var bar = new ProgressLine(progress, "payments");
        var clock = Stopwatch.StartNew();
        try
        {
            var run = new PaymentRun(n => clients[n], options.Concurrency) { Progress = (done, total) => bar.Update(done, total, clock.Elapsed) };
            using var stopKilling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var payments = run.RunAsync(plan, ct);
            var killing = KillLoopAsync(random, clock, stopKilling.Token);
            var records = await payments;
            await stopKilling.CancelAsync();
            await killing;
            bar.Done(string.Create(CultureInfo.InvariantCulture, $"{records.Count} payments in {clock.Elapsed.TotalSeconds:0.0} s, {Kills.Count} kills"));
            return records;
        }
        finally
        {
            foreach (var c in clients.Values)
            {
                c.Dispose();
            }
        }
    }

    private List<PlannedPayment> Plan(Random random)
    {
        var names = folder.Network.Nodes.Select(n => n.Name).ToArray();
        return [.. Enumerable.Range(0, options.Count).Select(_ =>
        {
            var from = options.From ?? names[random.Next(names.Length)];
            var to = options.To ?? names.Where(n => n != from).ElementAt(random.Next(names.Length - 1));
            var amount = Math.Max(1, (ulong)(options.AmountMsat * (0.9 + (0.2 * random.NextDouble()))));
            return new PlannedPayment(from, to, amount);
        })];
    }

    private async Task KillLoopAsync(Random random, Stopwatch clock, CancellationToken ct)
    {
        var verbs = new NodeVerbs(folder);
        var periodStart = TimeSpan.Zero;
        try
        {
            while (periodStart < options.For)
            {
                // One kill at a random moment of each period.
                var at = periodStart + (options.Every * random.NextDouble());
                var victim = options.Victims[random.Next(options.Victims.Count)];
                periodStart += options.Every;
                if (at > clock.Elapsed)
                {
                    await Task.Delay(at - clock.Elapsed, ct);
                }

                var when = clock.Elapsed;
                var killed = await verbs.KillAsync(victim, ct);
                if (!killed.Ok)
                {
                    Kills.Add(new ChaosKill(when, victim, null, null, killed.Message));
                    continue;
                }

                var back = await verbs.WaitRunningAsync(victim, NodeVerbs.StartWithin, ct);
                Kills.Add(new ChaosKill(when, victim, killed.Pid, back is null ? null : clock.Elapsed - when, killed.Message));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The payments ended: no more kills.
        }
    }

    public void WriteKills(TextWriter output)
    {
        var table = new TextTable("#", "at s", "node", "pid", "back after s");
        var i = 0;
        foreach (var k in Kills)
        {
            table.Add(
                (++i).ToString(CultureInfo.InvariantCulture),
                k.At.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                k.Node,
                k.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                k.BackAfter?.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) ?? (k.Pid is null ? k.Message : "not back"));
        }

        table.Write(output);
    }
}
