using LnRelay.Crypto;
using LnRelay.Sphinx.Ptlc;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// What point locks add to each hop's work (docs/ptlc.md), timed in this process the way
/// <see cref="CryptoCeiling"/> times the onion: a relay's forward (one point addition,
/// R_i = L_i + y_i·G, and the serialisation of the lock it sends), its settlement check (s·G
/// against the lock, then s − y_i), and the payer's plan per hop (one point addition and one
/// scalar addition). Figures in microseconds per call.
/// </summary>
internal sealed record PointLockCost(double ForwardUs, double SettleUs, double PlanPerHopUs)
{
    /// <summary>Extra microseconds of point arithmetic one relay spends on one payment.</summary>
    public double PerRelayUs => ForwardUs + SettleUs;

    private const int PlanHops = 4;

    public static PointLockCost Measure()
    {
        var source = new SeededScalarSourceForTests("lnrelay bench point locks"u8.ToArray());
        var payee = PointLock.CreatePayeeSecret(source, new byte[PointLock.ScalarSize]);
        var tweak = new byte[PointLock.ScalarSize];
        var incomingSecret = new byte[PointLock.ScalarSize];
        source.NextScalar(tweak);
        source.NextScalar(incomingSecret);
        Secp256k1.TryDerivePublicKey(incomingSecret, out var incoming);
        PtlcRelay.TryDeriveOutgoingLock(incoming, tweak, out var outgoing);
        var downstream = new byte[PointLock.ScalarSize];
        CurveArithmetic.TryAddScalars(incomingSecret, tweak, downstream);
        var upstream = new byte[PointLock.ScalarSize];
        var lockBytes = new byte[PointLock.Size];
        var us = InterleavedTimer.Measure(
        [
            ("forward", () =>
            {
                PtlcRelay.TryDeriveOutgoingLock(incoming, tweak, out var derived);
                derived.WriteCompressed(lockBytes);
            }),
            ("settle", () => PtlcRelay.TrySettleUpstream(downstream, outgoing, tweak, upstream)),
            ("plan", () => PtlcRoutePlan.Create(payee, PlanHops, source).Dispose()),
        ]);

        // The plan also draws each y from HMAC-SHA256 here (the CSPRNG in a payment): it is counted.
        return new PointLockCost(us["forward"], us["settle"], us["plan"] / PlanHops);
    }
}
