namespace LnRelay.Node.MultiPart;

/// <summary>
/// One HTLC the payee holds as part of a multi-part payment (BOLT 4 "Basic Multi-Part
/// Payments"): where it arrived (channel and HTLC id), the part's own amount from the onion
/// (<c>amt_to_forward</c>, not the HTLC's <c>amount_msat</c>: a previous hop may overpay),
/// the shared secret to fail it back with, and when it arrived.
/// </summary>
internal sealed record HeldPart(ulong Scid, ulong HtlcId, ulong AmountMsat, byte[] SharedSecret, DateTimeOffset ArrivedAt);
