using LnRelay.Node.Switch;

namespace LnRelay.Node.MultiPart;

/// <summary>
/// One HTLC the payee holds as part of a multi-part payment (BOLT 4 "Basic Multi-Part
/// Payments"): where it arrived (channel and HTLC id), the part's own amount from the onion
/// (<c>amt_to_forward</c>, not the HTLC's <c>amount_msat</c>: a previous hop may overpay),
/// the shared secret to fail it back with, and when it arrived.
/// <para>
/// A part that came through a blinded path also keeps how it must fail (<paramref name="Role"/>
/// <see cref="BlindedRole.BlindedRelay"/>: update_fail_malformed_htlc with invalid_onion_blinding
/// and the SHA256 of its onion, BOLT 4 "Route Blinding"); a point-locked part keeps its
/// <c>ptlc_tweak_sum</c>, since each part settles with its own scalar z + Σy (docs/ptlc.md).
/// </para>
/// </summary>
internal sealed record HeldPart(
    ulong Scid,
    ulong HtlcId,
    ulong AmountMsat,
    byte[] SharedSecret,
    DateTimeOffset ArrivedAt,
    BlindedRole Role = BlindedRole.None,
    byte[]? OnionSha256 = null,
    byte[]? PtlcTweakSum = null);
