namespace LnRelay.Node.Channels;

/// <summary>
/// An HTLC in flight on one channel. <see cref="Id"/> is numbered by the side that offered it (BOLT 2 "Adding an HTLC").
/// <see cref="PaymentHash"/> is its lock: a 32-byte payment_hash, or in lnrelay's experimental
/// PTLC mode a 33-byte compressed lock point (docs/ptlc.md); <see cref="IsPointLocked"/> tells which.
/// </summary>
internal sealed record Htlc(ulong Id, ulong AmountMsat, byte[] PaymentHash, uint CltvExpiry)
{
    /// <summary>True for a point lock (opened by a scalar s with s·G = the point), false for a payment_hash.</summary>
    public bool IsPointLocked => PaymentHash.Length == Sphinx.Ptlc.PointLock.Size;
}

/// <summary>Why a channel refused to add an HTLC. <see cref="None"/> means it was added.</summary>
internal enum HtlcAddRefusal
{
    None,

    /// <summary>The offering side's balance cannot pay for it.</summary>
    InsufficientBalance,

    /// <summary>max_accepted_htlcs would be exceeded (BOLT 2, at most 483).</summary>
    TooManyHtlcs,

    /// <summary>max_htlc_value_in_flight_msat would be exceeded.</summary>
    InFlightLimit,

    /// <summary>The amount is zero: BOLT 2 requires amount_msat above 0.</summary>
    ZeroAmount,

    /// <summary>cltv_expiry is 500000000 or more (BOLT 2: a timestamp, not a height).</summary>
    ExpiryNotAHeight,

    /// <summary>The peer's HTLC id is not the next one expected (ids increase by one, never reset).</summary>
    UnexpectedId,
}

/// <summary>Why removing an HTLC was refused.</summary>
internal enum HtlcRemoveRefusal
{
    None,

    /// <summary>No HTLC with that id is in flight in that direction (already resolved, or never added).</summary>
    UnknownId,

    /// <summary>SHA256(payment_preimage) is not the HTLC's payment_hash (or, for a point lock, scalar·G is not the lock point).</summary>
    WrongPreimage,
}
