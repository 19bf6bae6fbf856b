namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// What a payer needs to pay through a blinded path without seeing inside it (BOLT 4
/// "<c>payload</c> format", requirements for the creator of <c>encrypted_recipient_data</c>;
/// BOLT 12's <c>blinded_payinfo</c>): one aggregate fee and expiry delta for the whole path,
/// used like a single channel's policy (BOLT 7 "HTLC Fees").
/// </summary>
public readonly record struct BlindedPayInfo(uint FeeBaseMsat, uint FeeProportionalMillionths, uint CltvExpiryDelta)
{
    private const ulong Million = 1_000_000;

    /// <summary>
    /// Aggregates the relays' <c>payment_relay</c>s, given in path order (introduction node
    /// first; the final hop has none), from the hop nearest the recipient outwards, each step
    /// rounded up as the spec says:
    /// <code>
    /// base(n+1) = ceil((fee_base(n+1)·10^6 + base(n)·(10^6 + ppm(n+1))) / 10^6)
    /// ppm(n+1)  = ceil(((ppm(n) + ppm(n+1))·10^6 + ppm(n)·ppm(n+1)) / 10^6)
    /// cltv      = Σ cltv_expiry_delta + min_final_cltv_expiry_delta
    /// </code>
    /// Aggregating in the other order gives a different (wrong) base fee. Throws
    /// <see cref="OverflowException"/> when the aggregate does not fit its u32 fields.
    /// </summary>
    public static BlindedPayInfo Aggregate(IReadOnlyList<PaymentRelay> relaysInPathOrder, uint minFinalCltvExpiryDelta)
    {
        UInt128 baseFee = 0, ppm = 0;
        ulong cltv = minFinalCltvExpiryDelta;
        for (var i = relaysInPathOrder.Count - 1; i >= 0; i--)
        {
            var hop = relaysInPathOrder[i];
            baseFee = CeilingDivide((hop.FeeBaseMsat * (UInt128)Million) + (baseFee * (Million + hop.FeeProportionalMillionths)), Million);
            ppm = CeilingDivide(((ppm + hop.FeeProportionalMillionths) * Million) + (ppm * hop.FeeProportionalMillionths), Million);
            cltv += hop.CltvExpiryDelta;
        }

        return new BlindedPayInfo(checked((uint)baseFee), checked((uint)ppm), checked((uint)cltv));
    }

    /// <summary>
    /// What the introduction node must receive for the recipient to get <paramref name="amountMsat"/>:
    /// amount + base + floor(amount·ppm / 10^6). Throws <see cref="OverflowException"/> past u64.
    /// </summary>
    public ulong AmountAtIntroduction(ulong amountMsat) =>
        checked(amountMsat + FeeBaseMsat + (ulong)(amountMsat * (UInt128)FeeProportionalMillionths / Million));

    private static UInt128 CeilingDivide(UInt128 value, UInt128 divisor) => (value + divisor - 1) / divisor;
}
