using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Ptlc;

namespace LnRelay.Sphinx.Tests.Ptlc;

/// <summary>
/// The point-lock scheme's properties over seeded random routes of 1 to 13 hops (the most
/// that fit: a <c>ptlc_tweak</c> costs 38 bytes per hop, docs/ptlc.md)
/// (docs/ptlc.md, "Tests"): every check holds, the payer recovers z, locks are all distinct,
/// a wrong scalar is refused at the first hop that sees it, a swapped lock is caught by the
/// next hop's HMAC, and the per-hop builder with equal associated data is the BOLT 4 builder.
/// </summary>
public sealed class PtlcPropertyTests
{
    private const int Seed = 17;
    private const int MaxHops = 13;

    private static SeededScalarSourceForTests Source(int route) => new([(byte)Seed, (byte)route]);

    public static TheoryData<int> HopCounts()
    {
        var data = new TheoryData<int>();
        foreach (var n in new[] { 1, 2, 3, 5, 8, MaxHops })
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HopCounts))]
    public void EveryHopsCheckHolds_AndThePayerRecoversZ(int hopCount)
    {
        var run = PtlcRouteRun.Prepare(Source(hopCount), hopCount);
        var recovered = run.Forward();
        Assert.Equal(run.PayeePoint, recovered);

        var first = run.Settle();
        for (var k = 0; k < hopCount; k++)
        {
            // s_i·G = L_i at every hop: each hop's incoming lock opens with the scalar it settled with.
            Assert.True(PointLock.Opens(run.SettlementScalars[k], run.Plan.IncomingLock(k)), $"hop {k}");
        }

        var z = new byte[PointLock.ScalarSize];
        Assert.True(run.Plan.TryRecoverPayeeSecret(first, z));
        Assert.Equal(run.Z, z);
    }

    [Theory]
    [MemberData(nameof(HopCounts))]
    public void LocksAndScalars_AreAllDistinct_AndNoneIsZ(int hopCount)
    {
        var run = PtlcRouteRun.Prepare(Source(hopCount), hopCount);
        run.Forward();
        run.Settle();
        var locks = Enumerable.Range(0, hopCount).Select(k => run.Plan.IncomingLock(k).ToHex()).Append(run.PayeePoint.ToHex()).ToArray();
        Assert.Equal(locks.Length, locks.Distinct().Count());
        var scalars = run.SettlementScalars.Select(Convert.ToHexStringLower).Append(Convert.ToHexStringLower(run.Z)).ToArray();
        Assert.Equal(scalars.Length, scalars.Distinct().Count());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void AWrongScalar_IsRefusedAtTheFirstHopThatSeesIt(int hopCount)
    {
        var run = PtlcRouteRun.Prepare(Source(hopCount), hopCount);
        run.Forward();
        var lastRelay = hopCount - 2;
        var upstream = new byte[PointLock.ScalarSize];

        // The recipient's z itself (not z + Σy), another hop's scalar, and a random one: each fails s·G = R_i.
        run.Settle();
        var wrong = new[] { run.Z, run.SettlementScalars[0], Convert.FromHexString("0101010101010101010101010101010101010101010101010101010101010101") };
        foreach (var scalar in wrong)
        {
            Assert.Equal(PtlcSettleOutcome.WrongScalar, PtlcRelay.TrySettleUpstream(scalar, run.OutgoingLocks[lastRelay], run.Plan.RelayTweak(lastRelay), upstream));
            Assert.All(upstream, b => Assert.Equal(0, b));
        }

        Assert.Equal(PtlcSettleOutcome.InvalidScalar, PtlcRelay.TrySettleUpstream(new byte[32], run.OutgoingLocks[lastRelay], run.Plan.RelayTweak(lastRelay), upstream));
        Assert.Equal(PtlcSettleOutcome.InvalidScalar, PtlcRelay.TrySettleUpstream(Order, run.OutgoingLocks[lastRelay], run.Plan.RelayTweak(lastRelay), upstream));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(7, 4)]
    public void AHopThatSwapsItsOutgoingLock_MakesTheNextHopsHmacFail(int hopCount, int cheater)
    {
        var run = PtlcRouteRun.Prepare(Source(hopCount), hopCount);
        var other = PrivateKey.Generate().PublicKey;
        var outcome = run.Forward(cheater, _ => other);
        Assert.Null(outcome);

        // The next hop refused it as invalid_onion_hmac (BADONION): peel it again to see the code.
        var next = cheater + 1;
        var peel = OnionPeeler.Peel(run.NodeKeys[next], other.ToBytes(), run.IncomingOnions[next]);
        Assert.Equal(OnionPeelOutcome.Malformed, peel.Outcome);
        Assert.Equal(LnRelay.Sphinx.Failures.FailureCode.InvalidOnionHmac, peel.FailureCode);
    }

    [Fact]
    public void AHopThatForwardsTheLockItWasOffered_IsCaughtToo()
    {
        // Re-using the incoming lock downstream (as an HTLC relay re-uses payment_hash) is a swap as well.
        var run = PtlcRouteRun.Prepare(Source(40), 4);
        Assert.Null(run.Forward(1, _ => run.Plan.IncomingLock(1)));
    }

    [Fact]
    public void FourteenHops_DoNotFit_AndTheBuilderSaysByHowMuch()
    {
        var source = Source(14);
        var plan = PtlcRoutePlan.Create(PointLock.CreatePayeeSecret(source, new byte[32]), MaxHops + 1, source);
        var hops = Enumerable.Range(0, MaxHops + 1).Select(k => new OnionHop(
            PrivateKey.Generate().PublicKey,
            k < MaxHops
                ? new RelayPayload(PtlcRouteRun.FinalAmountMsat, PtlcRouteRun.FinalCltv, new ShortChannelId(700_000, 1, 0), ptlcTweak: plan.RelayTweak(k)).Encode()
                : new FinalPayload(PtlcRouteRun.FinalAmountMsat, PtlcRouteRun.FinalCltv, new byte[32], PtlcRouteRun.FinalAmountMsat, ptlcTweakSum: plan.TweakSum.ToArray()).Encode())).ToArray();
        Assert.False(OnionBuilder.TryCreatePerHopWithSessionKey(Order[..31].Append((byte)1).ToArray(), hops, plan.AssociatedData(), out _, out var refusal));
        Assert.Contains("more than the 1300 bytes", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroAndOutOfRangeTweaks_AreRefused()
    {
        var point = PrivateKey.Generate().PublicKey;
        Assert.False(PtlcRelay.TryDeriveOutgoingLock(point, new byte[32], out _));
        Assert.False(PtlcRelay.TryDeriveOutgoingLock(point, Order, out _));
        Assert.False(PtlcRecipient.TryRecoverPayeePoint(point, new byte[32], out _));
        Assert.Throws<ArgumentException>(() => new RelayPayload(1, 1, new ShortChannelId(1, 1, 1), ptlcTweak: new byte[31]));
    }

    [Fact]
    public void ARecipientGivenTheLockItself_CannotRecoverAPoint()
    {
        // L_n = Σy·G would make Z infinity: refused, not a crash.
        var sum = Convert.FromHexString("0202020202020202020202020202020202020202020202020202020202020202");
        Assert.True(Secp256k1.TryDerivePublicKey(sum, out var lockPoint));
        Assert.False(PtlcRecipient.TryRecoverPayeePoint(lockPoint, sum, out _));
    }

    [Fact]
    public void PerHopBuilder_WithEqualAssociatedData_ReproducesOnionTestJson()
    {
        var vector = Onion.OnionVectorRoute.Load();
        var perHop = vector.Hops.Select(_ => vector.AssociatedData).ToArray();
        Assert.True(OnionBuilder.TryCreatePerHopWithSessionKey(vector.SessionKey, vector.Hops, perHop, out var onion, out var refusal), refusal);
        Assert.Equal(Convert.ToHexStringLower(vector.Onion), Convert.ToHexStringLower(onion.Packet));
    }

    [Fact]
    public void PayloadTweaks_RoundTrip_AndAreRefusedInTheWrongRole()
    {
        var tweak = Enumerable.Repeat((byte)7, 32).ToArray();
        var relay = new RelayPayload(1000, 500, new ShortChannelId(1, 2, 3), ptlcTweak: tweak).Encode();
        Assert.True(RelayPayload.TryParse(relay, out var parsed, out _));
        Assert.Equal(tweak, parsed.PtlcTweak);

        // The relay's record at the final hop, and the sum at a relay: forbidden, type named.
        var writer = new LnRelay.Wire.TlvWriter();
        writer.WriteTu64(HopPayloadTypes.AmountToForward, 1000);
        writer.WriteTu32(HopPayloadTypes.OutgoingCltvValue, 500);
        writer.Write(HopPayloadTypes.PtlcTweak, tweak);
        Assert.False(FinalPayload.TryParse(writer.ToArray(), out _, out var error));
        Assert.Equal(HopPayloadErrorReason.ForbiddenType, error.Reason);
        Assert.Equal(HopPayloadTypes.PtlcTweak, error.Type);
        var final = new FinalPayload(1000, 500, ptlcTweakSum: tweak).Encode();
        Assert.True(FinalPayload.TryParse(final, out var finalParsed, out _));
        Assert.Equal(tweak, finalParsed.PtlcTweakSum);
        Assert.False(RelayPayload.TryParse(final, out _, out error));
        Assert.Equal(HopPayloadErrorReason.ForbiddenType, error.Reason);
        Assert.Equal(HopPayloadTypes.PtlcTweakSum, error.Type);
    }

    [Fact]
    public void APayloadTweakThatIsNotAScalar_IsInvalidOnionPayload()
    {
        var zero = new RelayPayload(1000, 500, new ShortChannelId(1, 2, 3), ptlcTweak: new byte[32]).Encode();
        Assert.False(RelayPayload.TryParse(zero, out _, out var error));
        Assert.Equal(HopPayloadTypes.PtlcTweak, error.Type);
        Assert.Equal(HopPayloadErrorReason.InvalidTlv, error.Reason);
    }

    private static byte[] Order => Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
}
