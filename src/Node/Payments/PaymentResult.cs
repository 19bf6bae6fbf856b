using System.Text.Json.Serialization;

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
/// hop -1 when the failure never left this node.
/// </summary>
public sealed record PaymentFailure(int Code, string Name, int Hop, string? Node, string Detail);

/// <summary>One attempt: the route tried and how it ended.</summary>
public sealed record PaymentAttempt(IReadOnlyList<string> Route, ulong FeeMsat, PaymentFailure? Failure);

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

    /// <summary>Hex, once succeeded: the proof of payment.</summary>
    public string? Preimage { get; init; }

    /// <summary>Node names of the successful route (origin first).</summary>
    public IReadOnlyList<string>? Route { get; init; }

    public ulong? FeeMsat { get; init; }

    public IReadOnlyList<PaymentAttempt> Attempts { get; init; } = [];

    /// <summary>Set when failed: the failure that ended the payment.</summary>
    public PaymentFailure? Failure { get; init; }

    public long ElapsedMs { get; init; }
}
