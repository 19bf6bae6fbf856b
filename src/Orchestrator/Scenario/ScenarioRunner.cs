using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Scenario;

/// <summary>One payment of a scenario: its step, what happened, and whether that was what the step expected (null mismatch).</summary>
internal sealed record ScenarioPayment(ScenarioStep Step, PaymentRecord Record, string? Mismatch)
{
    public bool Matched => Mismatch is null;
}

/// <summary>Runs a scenario's steps in order against a running network, each step's before and after around its payments.</summary>
internal static class ScenarioRunner
{
    public static async Task<IReadOnlyList<ScenarioPayment>> RunAsync(RunningNetwork network, IReadOnlyList<ScenarioStep> steps, TextWriter progress, CancellationToken ct)
    {
        var results = new List<ScenarioPayment>();
        var total = steps.Sum(s => s.Count);
        var bar = new ProgressLine(progress, "payments");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var step in steps)
        {
            if (network.Death() is { } death)
            {
                throw new NodeDiedException(death);
            }

            if (step.Before is { } before)
            {
                await before(network, ct);
            }

            try
            {
                var pay = () => PaymentSender.PayAsync(network.Client, step.From, step.To, step.AmountMsat, step.Tampering, ct, step.Blinded, step.Split, step.Lock);
                var records = step.Concurrent
                    ? await Task.WhenAll(Enumerable.Range(0, step.Count).Select(_ => pay()))
                    : await Sequential(pay, step.Count);
                results.AddRange(records.Select(r => new ScenarioPayment(step, r, step.Expected.Mismatch(r.Result))));
                bar.Update(results.Count, total, clock.Elapsed);
            }
            finally
            {
                if (step.After is { } after)
                {
                    await after(network, ct);
                }
            }
        }

        bar.Done($"{results.Count(r => r.Matched)} of {results.Count} ended as expected");
        return results;
    }

    private static async Task<PaymentRecord[]> Sequential(Func<Task<PaymentRecord>> pay, int count)
    {
        var records = new PaymentRecord[count];
        for (var i = 0; i < count; i++)
        {
            records[i] = await pay();
        }

        return records;
    }
}
