using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Ptlc;

namespace LnRelay.Sphinx.Tests.Ptlc;

/// <summary>
/// One point-locked payment run through the sans-IO core, hop by hop, with no network: the
/// payer plans the locks and builds the onion (per-hop associated data = the incoming lock),
/// every hop peels with the lock it was offered and derives its outgoing lock, the recipient
/// recovers Z and settles, and the scalars travel back with every hop's check. Each step's
/// values are kept for the vectors and the property tests.
/// </summary>
internal sealed class PtlcRouteRun
{
    public const ulong FinalAmountMsat = 1_000_000;
    public const uint FinalCltv = 800_144;
    public const ulong FeePerHopMsat = 1_000;
    public const uint DeltaPerHop = 40;

    public required byte[] Z { get; init; }
    public required PublicKey PayeePoint { get; init; }
    public required PtlcRoutePlan Plan { get; init; }
    public required byte[] SessionKey { get; init; }
    public required PrivateKey[] NodeKeys { get; init; }
    public required byte[] PaymentSecret { get; init; }
    public required OnionHop[] Hops { get; init; }
    public required BuiltOnion Onion { get; init; }

    /// <summary>The packet each hop receives, hop 0 first.</summary>
    public List<byte[]> IncomingOnions { get; } = [];

    /// <summary>The lock each hop derived for its outgoing HTLC (relays only).</summary>
    public List<PublicKey> OutgoingLocks { get; } = [];

    /// <summary>The scalar each hop settled its incoming HTLC with, hop 0 first (s_1 … s_n).</summary>
    public byte[][] SettlementScalars { get; private set; } = [];

    /// <summary>Draw order (the vectors' stated rule): z, y_0 … y_{n−1}, the session key, the payment secret, node keys 1 … n.</summary>
    public static PtlcRouteRun Prepare(IScalarSource source, int hopCount)
    {
        var z = new byte[PointLock.ScalarSize];
        var payeePoint = PointLock.CreatePayeeSecret(source, z);
        var plan = PtlcRoutePlan.Create(payeePoint, hopCount, source);
        var sessionKey = new byte[PointLock.ScalarSize];
        source.NextScalar(sessionKey);
        var paymentSecret = new byte[PointLock.ScalarSize];
        source.NextScalar(paymentSecret);
        var keys = new PrivateKey[hopCount];
        var scalar = new byte[PointLock.ScalarSize];
        for (var i = 0; i < hopCount; i++)
        {
            source.NextScalar(scalar);
            keys[i] = PrivateKey.Create(scalar);
        }

        var hops = new OnionHop[hopCount];
        for (var k = 0; k < hopCount; k++)
        {
            var remaining = (ulong)(hopCount - 1 - k);
            HopPayload payload = k < hopCount - 1
                ? new RelayPayload(FinalAmountMsat + ((remaining - 1) * FeePerHopMsat), FinalCltv + ((uint)(remaining - 1) * DeltaPerHop), new ShortChannelId(700_000, (uint)k + 1, 0), ptlcTweak: plan.RelayTweak(k))
                : new FinalPayload(FinalAmountMsat, FinalCltv, paymentSecret, FinalAmountMsat, ptlcTweakSum: plan.TweakSum.ToArray());
            hops[k] = new OnionHop(keys[k].PublicKey, payload.Encode());
        }

        Assert.True(OnionBuilder.TryCreatePerHopWithSessionKey(sessionKey, hops, plan.AssociatedData(), out var onion, out var refusal), refusal);
        return new PtlcRouteRun
        {
            Z = z,
            PayeePoint = payeePoint,
            Plan = plan,
            SessionKey = sessionKey,
            NodeKeys = keys,
            PaymentSecret = paymentSecret,
            Hops = hops,
            Onion = onion,
        };
    }

    /// <summary>
    /// Runs the HTLCs forward: every hop peels with the lock it was offered and derives the next.
    /// Returns the recipient's recovered Z. <paramref name="swapAt"/> makes that relay offer a
    /// different lock than it derived (a cheating hop); the next peel then fails, returned as null.
    /// </summary>
    public PublicKey? Forward(int? swapAt = null, Func<PublicKey, PublicKey>? swap = null)
    {
        var packet = Onion.Packet;
        var offered = Plan.FirstLock;
        for (var k = 0; k < Hops.Length; k++)
        {
            IncomingOnions.Add(packet);
            var peel = OnionPeeler.Peel(NodeKeys[k], offered.ToBytes(), packet);
            if (peel.Outcome == OnionPeelOutcome.Malformed)
            {
                return null;
            }

            if (peel.IsFinal)
            {
                Assert.True(PtlcRecipient.TryRecoverPayeePoint(offered, peel.FinalPayload!.PtlcTweakSum, out var z));
                return z;
            }

            Assert.Equal(OnionPeelOutcome.Forward, peel.Outcome);
            Assert.True(PtlcRelay.TryDeriveOutgoingLock(offered, peel.RelayPayload!.PtlcTweak, out var outgoing));
            OutgoingLocks.Add(outgoing);
            offered = swapAt == k ? swap!(outgoing) : outgoing;
            packet = peel.NextPacket.ToArray();
        }

        throw new InvalidOperationException("No hop was final.");
    }

    /// <summary>
    /// Settles backwards from the recipient's s_n: every relay checks the scalar against its
    /// outgoing lock and passes s − y_i. Returns the payer's first scalar s_1.
    /// </summary>
    public byte[] Settle()
    {
        var n = Hops.Length;
        var scalars = new byte[n][];
        scalars[n - 1] = new byte[PointLock.ScalarSize];
        Assert.True(PtlcRecipient.TrySettlementScalar(Z, Plan.TweakSum, scalars[n - 1]));
        for (var k = n - 2; k >= 0; k--)
        {
            scalars[k] = new byte[PointLock.ScalarSize];
            Assert.Equal(PtlcSettleOutcome.Settled, PtlcRelay.TrySettleUpstream(scalars[k + 1], OutgoingLocks[k], Plan.RelayTweak(k), scalars[k]));
        }

        SettlementScalars = scalars;
        return scalars[0];
    }
}
