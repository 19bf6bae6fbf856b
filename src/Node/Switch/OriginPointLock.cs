namespace LnRelay.Node.Switch;

/// <summary>
/// What the switch needs of a point-locked attempt it starts (docs/ptlc.md): the first HTLC's
/// lock L_1 (33 bytes), the payer's own tweak y_0 (kept in the store with the origin HTLC, so a
/// restarted payer can still recover z = s_1 − y_0), and every hop's lock L_1 … L_n, which
/// only the payer knows, for its HopView.
/// </summary>
internal sealed record OriginPointLock(byte[] FirstLock, byte[] PayerTweak, IReadOnlyList<byte[]> HopLocks);
