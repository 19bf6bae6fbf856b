using LnRelay.Crypto;
using LnRelay.Sphinx.Blinding;

namespace LnRelay.Sphinx.Tests.Blinding;

/// <summary>The reader rules of BOLT 4 "Route Blinding" on a decrypted blob, one refusal each, and the forward arithmetic's edges.</summary>
public sealed class BlindedHopChecksTests
{
    private static readonly RecipientData Relay = new()
    {
        ShortChannelId = new ShortChannelId(1, 2, 3),
        PaymentRelay = new PaymentRelay(40, 1000, 500),
        PaymentConstraints = new PaymentConstraints(800_000, 1000),
        AllowedFeatures = [],
    };

    [Fact]
    public void Relay_WithinConstraints_ForwardsTheRoundedUpAmountAndTheExpiryMinusDelta()
    {
        Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckRelay(Relay, 100_500, 700_040, out var forward));
        // ceil((100500 - 500)·10^6 / 1001000) = ceil(99900.0999) = 99901
        Assert.Equal(new BlindedForward(99_901, 700_000), forward);
    }

    public static TheoryData<string, ulong, uint, BlindingFailureReason> Refusals => new()
    {
        { "expiry above max_cltv_expiry", 100_500, 800_001, BlindingFailureReason.ExpiryAboveMaximum },
        { "amount below htlc_minimum_msat", 999, 700_040, BlindingFailureReason.AmountBelowMinimum },
        { "expiry not above the delta", 100_500, 40, BlindingFailureReason.ExpiryBelowDelta },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Relay_OutsideItsLimits_IsRefused(string why, ulong amount, uint cltv, BlindingFailureReason expected)
    {
        Assert.Equal(expected, BlindedHopChecks.CheckRelay(Relay, amount, cltv, out _));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void Relay_AmountBelowTheBaseFee_IsRefusedNotUnderflowed()
    {
        var data = Relay with { PaymentConstraints = null, PaymentRelay = new PaymentRelay(40, uint.MaxValue, 10_000) };
        Assert.Equal(BlindingFailureReason.AmountBelowFee, BlindedHopChecks.CheckRelay(data, 9_999, 700_040, out _));
    }

    [Fact]
    public void Relay_HighestPpmAndCeilingAmount_DoNotOverflow()
    {
        var relay = new PaymentRelay(0, uint.MaxValue, uint.MaxValue);
        Assert.True(BlindedHopChecks.TryForwardAmount(relay, Sphinx.Payloads.HopPayloadTypes.MaxMsat, out var forward));
        Assert.InRange(forward, 1UL, Sphinx.Payloads.HopPayloadTypes.MaxMsat);
    }

    [Fact]
    public void Relay_StructuralFaults_AreEachRefused()
    {
        using var key = PrivateKey.Create(Enumerable.Repeat((byte)0x42, 32).ToArray());
        Assert.Equal(BlindingFailureReason.AmbiguousNextHop, BlindedHopChecks.CheckRelay(Relay with { NextNodeId = key.PublicKey }, 100_500, 700_040, out _));
        Assert.Equal(BlindingFailureReason.MissingNextHop, BlindedHopChecks.CheckRelay(Relay with { ShortChannelId = null }, 100_500, 700_040, out _));
        Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckRelay(Relay with { ShortChannelId = null, NextNodeId = key.PublicKey }, 100_500, 700_040, out _));
        Assert.Equal(BlindingFailureReason.MissingPaymentRelay, BlindedHopChecks.CheckRelay(Relay with { PaymentRelay = null }, 100_500, 700_040, out _));
        Assert.Equal(BlindingFailureReason.UnknownFeature, BlindedHopChecks.CheckRelay(Relay with { AllowedFeatures = [0x02, 0x00] }, 100_500, 700_040, out _));
        Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckRelay(Relay with { AllowedFeatures = [0x00] }, 100_500, 700_040, out _));
    }

    [Fact]
    public void RecipientData_UnknownEvenType_IsRefused()
    {
        // type 16 (even, unknown), length 1
        Assert.False(RecipientData.TryParse([0x10, 0x01, 0x00], out _, out var failure));
        Assert.Equal(Wire.TlvFailureReason.UnknownEvenType, failure.Reason);
        Assert.True(RecipientData.TryParse([0x11, 0x01, 0x00], out var odd, out _));
        Assert.Single(odd.UnknownOddRecords);
    }

    [Fact]
    public void RecipientData_ABadPointOrShortRelay_IsRefusedAtItsRecord()
    {
        var badPoint = new byte[] { 0x04, 0x21 }.Concat(Enumerable.Repeat((byte)0x05, 33)).ToArray();
        Assert.False(RecipientData.TryParse(badPoint, out _, out var failure));
        Assert.Equal((Wire.TlvFailureReason.InvalidValue, (ulong?)4, 0), (failure.Reason, failure.Type, failure.Offset));
        Assert.False(RecipientData.TryParse([0x0a, 0x05, 0, 1, 0, 0, 0], out _, out failure));
        Assert.Equal(Wire.TlvFailureReason.ValueTooShort, failure.Reason);
    }

    [Fact]
    public void Padding_GivesEveryBlobOneLength_EvenWhenAGapIsOneByte()
    {
        RecipientData[] hops =
        [
            new() { PathId = new byte[10] },
            new() { PathId = new byte[9] },
            new() { PathId = new byte[3], PaddingLength = 50 },
        ];
        var padded = RecipientDataPadding.PadToSameLength(hops);
        Assert.Single(padded.Select(h => h.Encode().Length).Distinct());
        Assert.Equal(hops.Select(h => Convert.ToHexString(h.PathId!)), padded.Select(h => Convert.ToHexString(h.PathId!)));
    }
}
