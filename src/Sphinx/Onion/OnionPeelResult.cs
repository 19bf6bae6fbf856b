using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// The result of peeling one layer. Which members are set depends on <see cref="Outcome"/>:
/// <list type="table">
/// <item><term>Malformed</term><description><see cref="FailureCode"/> (a BADONION code), <see cref="Sha256OfOnion"/>.</description></item>
/// <item><term>PayloadFailure</term><description><see cref="SharedSecret"/> and <see cref="FailureCode"/>: invalid_onion_payload with
/// <see cref="PayloadError"/> (TLV type and offset; <see cref="Payload"/> too when the framing was readable), or
/// temporary_node_failure when the replay log is full.</description></item>
/// <item><term>Forward</term><description><see cref="SharedSecret"/>, <see cref="Payload"/>, <see cref="NextPacket"/>, and
/// <see cref="RelayPayload"/> when the payload was parsed.</description></item>
/// <item><term>Final</term><description><see cref="SharedSecret"/>, <see cref="Payload"/>, and <see cref="FinalPayload"/> when parsed.</description></item>
/// </list>
/// Byte members are views into one buffer: the caller's (no allocation) or one
/// allocated for this result.
/// </summary>
public readonly struct OnionPeelResult
{
    private readonly HopPayload? _parsed;

    private OnionPeelResult(
        OnionPeelOutcome outcome,
        OnionPeelRefusal refusal,
        FailureCode failureCode,
        ReadOnlyMemory<byte> sha256OfOnion,
        ReadOnlyMemory<byte> sharedSecret,
        ReadOnlyMemory<byte> payload,
        ReadOnlyMemory<byte> nextPacket,
        HopPayloadError payloadError,
        HopPayload? parsed)
    {
        Outcome = outcome;
        Refusal = refusal;
        FailureCode = failureCode;
        Sha256OfOnion = sha256OfOnion;
        SharedSecret = sharedSecret;
        Payload = payload;
        NextPacket = nextPacket;
        PayloadError = payloadError;
        _parsed = parsed;
    }

    public OnionPeelOutcome Outcome { get; }

    /// <summary>Malformed and PayloadFailure: the precise cause.</summary>
    public OnionPeelRefusal Refusal { get; }

    /// <summary>Malformed: the BADONION code for <c>update_fail_malformed_htlc</c>. PayloadFailure: the code to encrypt for the origin.</summary>
    public FailureCode FailureCode { get; }

    /// <summary>Malformed: SHA256 of the 1366-byte packet as received.</summary>
    public ReadOnlyMemory<byte> Sha256OfOnion { get; }

    /// <summary>Every outcome but Malformed: the hop's 32-byte shared secret (for the failure packet, and the replay guard).</summary>
    public ReadOnlyMemory<byte> SharedSecret { get; }

    /// <summary>The decrypted hop payload: a TLV stream without its BigSize length prefix.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Forward: the <see cref="OnionPacket.Size"/>-byte packet for the next hop.</summary>
    public ReadOnlyMemory<byte> NextPacket { get; }

    /// <summary>PayloadFailure: why, with the TLV type and offset <c>invalid_onion_payload</c> reports.</summary>
    public HopPayloadError PayloadError { get; }

    /// <summary>Forward, when parsed: the typed relay payload.</summary>
    public RelayPayload? RelayPayload => _parsed as RelayPayload;

    /// <summary>Final, when parsed: the typed final payload.</summary>
    public FinalPayload? FinalPayload => _parsed as FinalPayload;

    public bool IsFinal => Outcome == OnionPeelOutcome.Final;

    internal static OnionPeelResult Malformed(OnionPeelRefusal refusal, FailureCode code, ReadOnlyMemory<byte> sha256OfOnion) =>
        new(OnionPeelOutcome.Malformed, refusal, code, sha256OfOnion, default, default, default, default, null);

    internal static OnionPeelResult PayloadRefused(ReadOnlyMemory<byte> sharedSecret, ReadOnlyMemory<byte> payload, HopPayloadError error) =>
        new(OnionPeelOutcome.PayloadFailure, OnionPeelRefusal.InvalidPayload, FailureCode.InvalidOnionPayload, default, sharedSecret, payload, default, error, null);

    internal static OnionPeelResult ReplayLogFull(ReadOnlyMemory<byte> sharedSecret) =>
        new(OnionPeelOutcome.PayloadFailure, OnionPeelRefusal.ReplayLogFull, FailureCode.TemporaryNodeFailure, default, sharedSecret, default, default, default, null);

    internal static OnionPeelResult Forward(ReadOnlyMemory<byte> sharedSecret, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> nextPacket, RelayPayload? parsed) =>
        new(OnionPeelOutcome.Forward, OnionPeelRefusal.None, default, default, sharedSecret, payload, nextPacket, default, parsed);

    internal static OnionPeelResult Final(ReadOnlyMemory<byte> sharedSecret, ReadOnlyMemory<byte> payload, FinalPayload? parsed) =>
        new(OnionPeelOutcome.Final, OnionPeelRefusal.None, default, default, sharedSecret, payload, default, default, parsed);
}
