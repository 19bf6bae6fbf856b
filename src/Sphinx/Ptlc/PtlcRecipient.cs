using LnRelay.Crypto;

namespace LnRelay.Sphinx.Ptlc;

/// <summary>
/// The recipient's steps of a point-locked payment (docs/ptlc.md, "Recipient"): from the lock
/// it was offered, L_n, and the <c>ptlc_tweak_sum</c> Σy in its payload it recovers
/// Z = L_n − Σy·G to find its invoice, and settles with s_n = z + Σy, for which s_n·G = L_n.
/// </summary>
public static class PtlcRecipient
{
    /// <summary>Z = L_n − Σy·G. False if Σy is not a scalar or L_n = Σy·G (Z would be infinity).</summary>
    public static bool TryRecoverPayeePoint(in PublicKey finalLock, ReadOnlySpan<byte> tweakSum, out PublicKey payeePoint) =>
        CurveArithmetic.TrySubtractTweak(finalLock, tweakSum, out payeePoint);

    /// <summary>s_n = z + Σy (32 bytes). False if either is not a scalar or the sum is 0.</summary>
    public static bool TrySettlementScalar(ReadOnlySpan<byte> payeeSecret, ReadOnlySpan<byte> tweakSum, Span<byte> settlementScalar) =>
        CurveArithmetic.TryAddScalars(payeeSecret, tweakSum, settlementScalar);
}
