using System.Text.Json;
using LnRelay.Node.Api;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Scenario;

/// <summary>
/// results.json (schema in docs/demo.md): a JSON array with one object per payment, in
/// the order they were sent, snake_case keys.
/// </summary>
internal static class ResultsFile
{
    public const string FileName = "results.json";

    private static JsonSerializerOptions Options => ApiJson.Indented;

    public static void Write(string path, IEnumerable<ScenarioPayment> payments) =>
        File.WriteAllText(path, JsonSerializer.Serialize(payments.Select(Entry).ToList(), Options) + "\n");

    /// <summary>
    /// The same schema for payments sent without a scenario (lnrelay pay, lnrelay chaos): each is
    /// expected to succeed; <c>mismatch</c> says why one did not, or why its outcome is unknown
    /// (status <c>unknown</c>).
    /// </summary>
    public static void WritePayments(string path, string step, IEnumerable<PaymentRecord> payments) =>
        File.WriteAllText(path, JsonSerializer.Serialize(payments.Select(p => Entry(step, p)).ToList(), Options) + "\n");

    private static ResultEntry Entry(string step, PaymentRecord p)
    {
        var r = p.Result;
        var mismatch = p.Unknown ?? (r.Status == PaymentStatus.Succeeded ? null : r.Failure is { } f ? PaymentTable.Describe(f) : $"status {PaymentTable.Status(r.Status)}");
        return new ResultEntry(
            step,
            r.PaymentHash,
            p.From,
            p.To,
            p.AmountMsat,
            PaymentTable.Status(p),
            r.Route,
            r.FeeMsat,
            r.Attempts.Count,
            Failure(r.Failure),
            Failure(r.Attempts.Count > 0 ? r.Attempts[0].Failure : null),
            p.TimeMs,
            new ExpectedEntry(PaymentTable.Status(PaymentStatus.Succeeded), null, null),
            mismatch is null,
            mismatch)
        {
            Parts = Parts(r),
            Split = r.Split,
            Blinded = Blinded(r.Blinded),
            Lock = r.Lock,
        };
    }

    public static IReadOnlyList<ResultEntry> Read(string path) =>
        JsonSerializer.Deserialize<List<ResultEntry>>(File.ReadAllText(path), Options) ?? [];

    private static ResultEntry Entry(ScenarioPayment p)
    {
        var r = p.Record.Result;
        var expected = p.Step.Expected;
        return new ResultEntry(
            p.Step.Name,
            r.PaymentHash,
            p.Record.From,
            p.Record.To,
            p.Record.AmountMsat,
            PaymentTable.Status(r.Status),
            r.Route,
            r.FeeMsat,
            r.Attempts.Count,
            Failure(r.Failure),
            Failure(r.Attempts.Count > 0 ? r.Attempts[0].Failure : null),
            p.Record.TimeMs,
            new ExpectedEntry(
                PaymentTable.Status(expected.Status),
                expected.Hops,
                expected.Failure is { } f ? new ExpectedFailureEntry(f.Name, f.Hop, f.Node, f.Attempt == FailureAttempt.First ? "first" : "final") : null),
            p.Matched,
            p.Mismatch)
        {
            Parts = Parts(r),
            Split = r.Split,
            Blinded = Blinded(r.Blinded),
            Lock = r.Lock,
        };
    }

    private static IReadOnlyList<PartEntry> Parts(PaymentResult r) =>
        [.. r.Parts.Select(p => new PartEntry(p.Part, p.Route, p.AmountMsat, p.FeeMsat, p.Outcome == PartOutcome.Settled ? "settled" : "failed", Failure(p.Failure)))];

    private static BlindedEntry? Blinded(BlindedSummary? b) => b is null ? null : new BlindedEntry(b.IntroductionNode, b.BlindedHops);

    private static FailureEntry? Failure(PaymentFailure? f) => f is null ? null : new FailureEntry(f.Code, f.Name, f.Hop, f.Node);
}

internal sealed record ResultEntry(
    string Step,
    string PaymentHash,
    string From,
    string To,
    ulong AmountMsat,
    string Status,
    IReadOnlyList<string>? Route,
    ulong? FeeMsat,
    int Attempts,
    FailureEntry? Failure,
    FailureEntry? FirstAttemptFailure,
    long TimeMs,
    ExpectedEntry Expected,
    bool Matched,
    string? Mismatch)
{
    /// <summary>For a payment sent in parts (docs/mpp.md): every part sent, in order; empty for one HTLC.</summary>
    public IReadOnlyList<PartEntry> Parts { get; init; } = [];

    /// <summary>The splitting policy a payment sent in parts used; null for one HTLC.</summary>
    public string? Split { get; init; }

    /// <summary>A payment through a blinded path: its introduction node and the blinded hops the payer saw (dummies included); null otherwise.</summary>
    public BlindedEntry? Blinded { get; init; }

    /// <summary>"hash" or "point" (lnrelay-experimental point locks, docs/ptlc.md).</summary>
    public string Lock { get; init; } = "hash";
}

/// <summary>One part of a multi-part payment: number, route, amount delivered, fee, "settled" or "failed", and its failure.</summary>
internal sealed record PartEntry(int Part, IReadOnlyList<string> Route, ulong AmountMsat, ulong FeeMsat, string Outcome, FailureEntry? Failure);

internal sealed record BlindedEntry(string IntroductionNode, int BlindedHops);

internal sealed record FailureEntry(int Code, string Name, int Hop, string? Node);

internal sealed record ExpectedEntry(string Status, int? Hops, ExpectedFailureEntry? Failure);

internal sealed record ExpectedFailureEntry(string Name, int Hop, string Node, string OnAttempt);
