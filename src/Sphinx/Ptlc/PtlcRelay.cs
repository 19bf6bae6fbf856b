using LnRelay.Crypto;

namespace LnRelay.Sphinx.Ptlc;

/// <summary>
/// A relay's two steps of a point-locked payment (docs/ptlc.md, "Lock and forward", "Settle"):
/// it derives its outgoing lock R_i = L_i + y_i·G itself from the lock it was offered and its
/// <c>ptlc_tweak</c> (the payer never sends R_i, so the relay can always open its incoming lock
/// once its outgoing one is opened), and when the next hop settles with s it checks s·G = R_i
/// before passing s_i = s − y_i upstream, for which s_i·G = L_i by construction.
/// </summary>
public static class PtlcRelay
{
    /// <summary>R_i = L_i + y_i·G. False if the tweak is not a scalar or the sum is infinity.</summary>
    public static bool TryDeriveOutgoingLock(in PublicKey incomingLock, ReadOnlySpan<byte> tweak, out PublicKey outgoingLock) =>
        CurveArithmetic.TryAddTweak(incomingLock, tweak, out outgoingLock);

    /// <summary>
    /// Checks the downstream scalar against the outgoing lock, then writes s − y_i (32 bytes) into
    /// <paramref name="upstreamScalar"/>. Nothing is written unless the outcome is <see cref="PtlcSettleOutcome.Settled"/>.
    /// </summary>
    public static PtlcSettleOutcome TrySettleUpstream(ReadOnlySpan<byte> downstreamScalar, in PublicKey outgoingLock, ReadOnlySpan<byte> tweak, Span<byte> upstreamScalar)
    {
        if (!Secp256k1.IsValidSecret(downstreamScalar))
        {
            return PtlcSettleOutcome.InvalidScalar;
        }

        if (!PointLock.Opens(downstreamScalar, outgoingLock))
        {
            return PtlcSettleOutcome.WrongScalar;
        }

        // s = s_i + y_i with s·G = L_i + y_i·G, so s_i = s − y_i cannot be 0 (L_i is a point).
        return CurveArithmetic.TrySubtractScalars(downstreamScalar, tweak, upstreamScalar)
            ? PtlcSettleOutcome.Settled
            : PtlcSettleOutcome.InvalidScalar;
    }
}
