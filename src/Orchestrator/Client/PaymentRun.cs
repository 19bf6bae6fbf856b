using System.Diagnostics;

namespace LnRelay.Orchestrator.Client;

/// <summary>One payment to send: payer, payee, amount (a blinded invoice when asked), and how it may split (the payer's defaults unless given).</summary>
internal sealed record PlannedPayment(string From, string To, ulong AmountMsat, BlindedAsk? Blinded = null)
{
    public PaymentSplit? Split { get; init; }
}

/// <summary>
/// Sends planned payments with bounded concurrency and never loses a result (docs/supervision.md,
/// "pay never loses results"): every payment ends as the payer reported it, or as unknown with
/// the reason when a node did not answer. With <see cref="StopWhenANodeGoes"/> (lnrelay pay)
/// the first node that goes away stops the sending: payments already in flight are still
/// awaited, those not yet sent are marked unknown ("not sent"). Without it (lnrelay chaos) the
/// run goes on: nodes come back.
/// </summary>
internal sealed class PaymentRun(Func<string, NodeClient> clients, int concurrency)
{
    public bool StopWhenANodeGoes { get; init; }

    /// <summary>"hash" or "point" (docs/ptlc.md): the lock of every payment's invoice.</summary>
    public string Lock { get; init; } = "hash";

    /// <summary>Called after each payment ends (done, total), from any thread.</summary>
    public Action<int, int>? Progress { get; init; }

    /// <summary>Why the run stopped sending (the first node that went away), or null.</summary>
    public string? StoppedBecause { get; private set; }

    public async Task<IReadOnlyList<PaymentRecord>> RunAsync(IReadOnlyList<PlannedPayment> plan, CancellationToken ct)
    {
        var records = new PaymentRecord?[plan.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
        {
            records[i] = await OneAsync(plan[i], token);
            Progress?.Invoke(Interlocked.Increment(ref done), plan.Count);
        });
        return [.. records.Select(r => r!)];
    }

    private async Task<PaymentRecord> OneAsync(PlannedPayment p, CancellationToken ct)
    {
        if (StoppedBecause is { } stopped)
        {
            return PaymentRecord.OfUnknown(p.From, p.To, p.AmountMsat, null, PaymentRecord.NotSentPrefix + stopped, 0);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            return await PaymentSender.PayAsync(clients, p.From, p.To, p.AmountMsat, InvoiceTampering.None, ct, p.Blinded, p.Split, Lock);
        }
        catch (NodeGoneException e)
        {
            var reason = e.PaymentHash is null
                ? $"{PaymentRecord.NotSentPrefix}the payee {e.Message}"
                : $"unknown: the payer {e.Message} while the payment was in flight";
            if (StopWhenANodeGoes)
            {
                StoppedBecause ??= e.Message;
            }

            return PaymentRecord.OfUnknown(p.From, p.To, p.AmountMsat, e.PaymentHash, reason, clock.ElapsedMilliseconds);
        }
        catch (NodeApiException e)
        {
            // The node answered, but not with a result (e.g. it refused the request): the payment's outcome is not known here.
            return PaymentRecord.OfUnknown(p.From, p.To, p.AmountMsat, null, $"unknown: {e.Message}", clock.ElapsedMilliseconds);
        }
    }
}
