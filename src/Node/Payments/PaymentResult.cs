using System.Text.Json.Serialization;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Node.Payments;

/// <summary>Where a payment stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentStatus>))]
public enum PaymentStatus
{
    [JsonStringEnumMemberName("in_flight")]
    InFlight,

    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>
/// A failure as the origin understood it: the BOLT 4 code and its name, and which hop
/// produced it (index in the route, 0 = the first peer, and that node's name), or
/// hop <see cref="NotSent"/> when the failure never left this node. Built through the
/// factories, so a code and a name always agree with the <see cref="Kind"/>.
/// </summary>
public sealed record PaymentFailure(int Code, string Name, int Hop, string? Node, string Detail)
{
    /// <summary>The <see cref="Code"/> of a failure that no hop sent (BOLT 4 has no code 0).</summary>
    public const int NoWireCode = 0;

    /// <summary>The <see cref="Hop"/> of a failure that never left this node.</summary>
    public const int NotSent = -1;

    [JsonIgnore]
    public PaymentFailureKind Kind => PaymentFailureKindNames.Of(Code, Name);

    /// <summary>For a <see cref="PaymentFailureKind.LocalFailure"/>: why, as the switch knows it (not part of the API's JSON).</summary>
    [JsonIgnore]
    internal LocalFailureCause? LocalCause { get; init; }

    /// <summary>A hop's BOLT 4 failure (hop index in the route, 0 = the first peer).</summary>
    public static PaymentFailure FromHop(FailureCode code, int hop, string node, string detail) => new((int)code, code.SpecName(), hop, node, detail);

    /// <summary>A failure of ours about a hop that sent no code (a wrong preimage, an undecodable message).</summary>
    internal static PaymentFailure AboutHop(PaymentFailureKind kind, int hop, string node, string detail) => new(NoWireCode, kind.Name(), hop, node, detail);

    /// <summary>A failure that never left this node.</summary>
    internal static PaymentFailure Here(PaymentFailureKind kind, string detail, LocalFailureCause? cause = null) =>
        new(NoWireCode, kind.Name(), NotSent, null, detail) { LocalCause = cause };
}

/// <summary>One attempt: the route tried and how it ended.</summary>
public sealed record PaymentAttempt(IReadOnlyList<string> Route, ulong FeeMsat, PaymentFailure? Failure);

/// <summary>How one part of a multi-part payment ended (docs/mpp.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PartOutcome>))]
public enum PartOutcome
{
    [JsonStringEnumMemberName("settled")]
    Settled,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>
/// One part of a multi-part payment: its number (1 first, in the order sent), its route, the
/// amount it delivers to the payee (amt_to_forward), the fees its route pays, and how it ended.
/// </summary>
public sealed record PaymentPart(int Part, IReadOnlyList<string> Route, ulong AmountMsat, ulong FeeMsat, PartOutcome Outcome, PaymentFailure? Failure);

/// <summary>
/// The outcome of a payment: on success the preimage, the route, the fee and the
/// attempts; on failure the final failure and every attempt's reason.
/// </summary>
public sealed record PaymentResult
{
    public required string PaymentHash { get; init; }

    public required string Payee { get; init; }

    public required ulong AmountMsat { get; init; }

    public required PaymentStatus Status { get; init; }

    /// <summary>"hash" (an HTLC payment) or "point" (lnrelay-experimental PTLC, docs/ptlc.md: <see cref="PaymentHash"/> is then the payee point Z and <see cref="Preimage"/> the payee's z).</summary>
    public string Lock { get; init; } = "hash";

    /// <summary>Hex, once succeeded: the proof of payment.</summary>
    public string? Preimage { get; init; }

    /// <summary>Node names of the successful route (origin first).</summary>
    public IReadOnlyList<string>? Route { get; init; }

    public ulong? FeeMsat { get; init; }

    public IReadOnlyList<PaymentAttempt> Attempts { get; init; } = [];

    /// <summary>
    /// For a payment sent in parts (docs/mpp.md): every part sent, settled or failed, in the
    /// order sent; empty for a payment that went as one HTLC. <see cref="FeeMsat"/> is then the
    /// fees of the settled parts, <see cref="Route"/> null.
    /// </summary>
    public IReadOnlyList<PaymentPart> Parts { get; init; } = [];

    /// <summary>The splitting policy a payment sent in parts used, in words; null for one HTLC.</summary>
    public string? Split { get; init; }

    /// <summary>Set when failed: the failure that ended the payment.</summary>
    public PaymentFailure? Failure { get; init; }

    public long ElapsedMs { get; init; }

    /// <summary>Set for a payment through a blinded path: what the payer saw instead of the payee (docs/blinded-paths.md).</summary>
    public BlindedSummary? Blinded { get; init; }
}
