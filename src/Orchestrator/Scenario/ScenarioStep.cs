using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Scenario;

/// <summary>Which attempt's failure a step expects: the first (the payer then retries and succeeds) or the one that ended the payment.</summary>
internal enum FailureAttempt
{
    First,
    Final,
}

/// <summary>A failure a step expects: the BOLT 4 name, the failing hop's index in the route (0 = the payer's peer) and that node.</summary>
internal sealed record ExpectedFailure(string Name, int Hop, string Node, FailureAttempt Attempt);

/// <summary>What a step expects of a payment sent in parts (docs/mpp.md).</summary>
internal enum ExpectedParts
{
    /// <summary>Not a multi-part step: the payment is checked by its route and attempts.</summary>
    None,

    /// <summary>Settled in two or more parts over two or more routes, adding up to the amount.</summary>
    Settle,

    /// <summary>Sent in parts, none settled: every part that reached the payee failed with mpp_timeout, and so did the payment.</summary>
    TimeOut,
}

/// <summary>How a step's payments must end: status, the failure met (if any), and for successes the number of hops.</summary>
internal sealed record ExpectedOutcome(PaymentStatus Status, ExpectedFailure? Failure, int? Hops)
{
    public ExpectedParts Parts { get; init; }

    /// <summary>For <see cref="ExpectedParts.TimeOut"/>: the payee, whose mpp_timeout every part that reached it must carry.</summary>
    public string? Payee { get; init; }

    public static ExpectedOutcome SettlesInParts() => new(PaymentStatus.Succeeded, null, null) { Parts = ExpectedParts.Settle };

    public static ExpectedOutcome TimesOutInParts(string payee) => new(PaymentStatus.Failed, null, null) { Parts = ExpectedParts.TimeOut, Payee = payee };

    public static ExpectedOutcome Succeeds(int hops) => new(PaymentStatus.Succeeded, null, hops);

    public static ExpectedOutcome RetriesThenSucceeds(string name, int hop, string node, int hops) =>
        new(PaymentStatus.Succeeded, new ExpectedFailure(name, hop, node, FailureAttempt.First), hops);

    public static ExpectedOutcome Fails(string name, int hop, string node) =>
        new(PaymentStatus.Failed, new ExpectedFailure(name, hop, node, FailureAttempt.Final), null);

    /// <summary>Null when <paramref name="result"/> is what was expected, else what differs.</summary>
    public string? Mismatch(PaymentResult result)
    {
        if (result.Status != Status)
        {
            return $"status {PaymentTable.Status(result.Status)}, expected {PaymentTable.Status(Status)}" + (result.Failure is { } f ? $" ({PaymentTable.Describe(f)})" : "");
        }

        if (Parts != ExpectedParts.None)
        {
            return PartsMismatch(result);
        }

        var seen = Failure?.Attempt == FailureAttempt.First ? (result.Attempts.Count > 0 ? result.Attempts[0].Failure : null) : result.Failure;
        if (Failure is { } want && (seen is null || seen.Name != want.Name || seen.Hop != want.Hop || seen.Node != want.Node))
        {
            return $"expected {want.Name} at hop {want.Hop} ({want.Node}) on the {(want.Attempt == FailureAttempt.First ? "first" : "last")} attempt, got {(seen is null ? "none" : PaymentTable.Describe(seen))}";
        }

        if (Failure is null && Status == PaymentStatus.Succeeded && result.Attempts.Count != 1)
        {
            return $"expected one attempt, took {result.Attempts.Count}: {PaymentTable.Failures(result)}";
        }

        var hops = result.Route is { } route ? route.Count - 1 : 0;
        return Hops is { } h && hops != h ? $"expected {h} hops, went {hops} ({string.Join(">", result.Route ?? [])})" : null;
    }

    private string? PartsMismatch(PaymentResult result)
    {
        var settled = result.Parts.Where(p => p.Outcome == PartOutcome.Settled).ToList();
        if (Parts == ExpectedParts.Settle)
        {
            var routes = settled.Select(p => string.Join(">", p.Route)).Distinct(StringComparer.Ordinal).Count();
            var sum = settled.Aggregate(0UL, (s, p) => s + p.AmountMsat);
            return settled.Count >= 2 && routes >= 2 && sum == result.AmountMsat
                ? null
                : $"expected two or more parts settled over two or more routes adding up to {result.AmountMsat} msat, got {settled.Count} over {routes} route(s), {sum} msat";
        }

        var atPayee = result.Parts.Where(p => p.Failure?.Node == Payee).ToList();
        if (result.Parts.Count == 0 || settled.Count > 0 || atPayee.Count == 0 || atPayee.Any(p => p.Failure!.Name != "mpp_timeout") || result.Failure?.Name != "mpp_timeout")
        {
            return $"expected every part that reached {Payee} to fail with mpp_timeout and none to settle, got {string.Join("; ", result.Parts.Select(p => $"part {p.Part} {(p.Failure is { } f ? PaymentTable.Describe(f) : "settled")}"))}";
        }

        return null;
    }
}

/// <summary>
/// One step of a scenario: <see cref="Count"/> payments of <see cref="AmountMsat"/> from
/// <see cref="From"/> to <see cref="To"/> (all at once when <see cref="Concurrent"/>), with
/// what the network is told before and after (a policy change, a fault), and how each must end.
/// </summary>
internal sealed record ScenarioStep(string Name, string From, string To, ulong AmountMsat, ExpectedOutcome Expected)
{
    public int Count { get; init; } = 1;

    /// <summary>The invoices' lock: "hash" (HTLC) or "point" (lnrelay-experimental PTLC, docs/ptlc.md).</summary>
    public string Lock { get; init; } = "hash";

    public bool Concurrent { get; init; }

    public InvoiceTampering Tampering { get; init; }

    /// <summary>How the step's payments may split (docs/mpp.md); the payer's defaults unless given.</summary>
    public PaymentSplit? Split { get; init; }

    /// <summary>Set for a payment through a blinded path the payee publishes (docs/blinded-paths.md).</summary>
    public BlindedAsk? Blinded { get; init; }

    public Func<RunningNetwork, CancellationToken, Task>? Before { get; init; }

    public Func<RunningNetwork, CancellationToken, Task>? After { get; init; }
}
