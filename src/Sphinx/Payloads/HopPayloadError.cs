using LnRelay.Sphinx.Failures;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Payloads;

/// <summary>Why a hop payload was refused; every case is answered with <c>invalid_onion_payload</c> (BOLT 4).</summary>
public enum HopPayloadErrorReason
{
    /// <summary>Length 0 (legacy realm-0 hop data) or 1: reserved, refused.</summary>
    ReservedLength,

    /// <summary>Not a valid TLV stream or a value of the wrong shape; <see cref="HopPayloadError.TlvReason"/> says how.</summary>
    InvalidTlv,

    /// <summary>A required type is absent (2 and 4 always; 6 for a relay).</summary>
    MissingRequiredType,

    /// <summary>A type not allowed for this role (6 at the final hop: it must not be asked to forward; 8 or 16 at a relay).</summary>
    ForbiddenType,

    /// <summary>A route-blinding type (10, 12, 18): route blinding is not supported yet.</summary>
    RouteBlindingNotSupported,

    /// <summary>An msat amount above <see cref="HopPayloadTypes.MaxMsat"/>.</summary>
    AmountAboveCeiling,
}

/// <summary>
/// A refused hop payload with what BOLT 4 <c>invalid_onion_payload</c> reports: the TLV
/// <see cref="Type"/> at fault (0 when no type could be read) and its byte <see cref="Offset"/>
/// from the start of the decrypted payload (as counted by the caller's base offset).
/// </summary>
public readonly record struct HopPayloadError(HopPayloadErrorReason Reason, ulong Type, int Offset, TlvFailureReason? TlvReason = null)
{
    internal static HopPayloadError FromTlv(TlvFailure failure) =>
        new(HopPayloadErrorReason.InvalidTlv, failure.Type ?? 0, failure.Offset, failure.Reason);

    /// <summary>The failure message the hop returns for this payload (BOLT 4 <c>invalid_onion_payload</c>).</summary>
    public FailureMessage ToFailureMessage() =>
        FailureMessage.InvalidOnionPayload(Type, (ushort)Math.Min(Offset, ushort.MaxValue));

    public override string ToString() =>
        TlvReason is { } tlv ? $"{Reason}/{tlv} (type {Type}, offset {Offset})" : $"{Reason} (type {Type}, offset {Offset})";
}
