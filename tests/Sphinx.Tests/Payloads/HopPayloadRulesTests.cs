using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Tests.Payloads;

/// <summary>BOLT 4 payload reader rules (BOLT 4 "payload format") and what invalid_onion_payload reports.</summary>
public sealed class HopPayloadRulesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("02")]
    public void Reserved_lengths_0_and_1_are_refused(string hex)
    {
        Assert.False(RelayPayload.TryParse(Convert.FromHexString(hex), out _, out HopPayloadError error));
        Assert.Equal(HopPayloadErrorReason.ReservedLength, error.Reason);
        Assert.False(FinalPayload.TryParse(Convert.FromHexString(hex), out _, out error));
        Assert.Equal(HopPayloadErrorReason.ReservedLength, error.Reason);
    }

    [Theory]
    [InlineData("040205dc06080000000000000001", 2UL)]
    [InlineData("02023a9806080000000000000001", 4UL)]
    [InlineData("02023a98040205dc", 6UL)]
    public void Missing_required_type_is_reported_with_that_type(string hex, ulong missing)
    {
        Assert.False(RelayPayload.TryParse(Convert.FromHexString(hex), out _, out HopPayloadError error));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.MissingRequiredType, missing, 0), error);
    }

    [Fact]
    public void Final_without_payment_data_is_accepted_and_total_defaults_to_amount()
    {
        Assert.True(FinalPayload.TryParse(Convert.FromHexString("02023a98040205dc"), out FinalPayload? payload, out _));
        Assert.Null(payload.TotalMsat);
        Assert.Equal(15000UL, payload.EffectiveTotalMsat);
        Assert.Null(payload.PaymentMetadata);
    }

    [Theory]
    [InlineData("02023a98040205dc0a0100", 10UL)]
    [InlineData("02023a98040205dc0c0100", 12UL)]
    [InlineData("02023a98040205dc120100", 18UL)]
    public void Route_blinding_types_are_refused_for_now(string hex, ulong type)
    {
        Assert.False(FinalPayload.TryParse(Convert.FromHexString(hex), out _, out HopPayloadError error));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.RouteBlindingNotSupported, type, 8), error);
    }

    [Fact]
    public void Unknown_even_type_is_refused_with_type_and_offset()
    {
        // 2, 4, then even type 20 at offset 8 (+2 for the caller's length prefix).
        Assert.False(FinalPayload.TryParse(Convert.FromHexString("02023a98040205dc1400"), out _, out HopPayloadError error, baseOffset: 2));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.InvalidTlv, 20, 10, TlvFailureReason.UnknownEvenType), error);
        FailureMessage failure = error.ToFailureMessage();
        Assert.Equal(FailureCode.InvalidOnionPayload, failure.Code);
        Assert.Equal(20UL, failure.PayloadType);
        Assert.Equal((ushort)10, failure.PayloadOffset);
    }

    [Fact]
    public void Amount_above_the_ceiling_is_refused_and_the_ceiling_itself_accepted()
    {
        Assert.False(FinalPayload.TryParse(Convert.FromHexString("02081d24b2dfac520001040205dc"), out _, out HopPayloadError error));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.AmountAboveCeiling, 2, 0), error);
        Assert.True(FinalPayload.TryParse(Convert.FromHexString("02081d24b2dfac520000040205dc"), out FinalPayload? payload, out error), error.ToString());
        Assert.Equal(HopPayloadTypes.MaxMsat, payload.AmountToForwardMsat);
    }

    [Fact]
    public void Total_msat_above_the_ceiling_is_refused()
    {
        byte[] secret = new byte[HopPayloadTypes.PaymentSecretSize];
        string hex = "02023a98040205dc" + "0828" + Convert.ToHexStringLower(secret) + "1d24b2dfac520001";
        Assert.False(FinalPayload.TryParse(Convert.FromHexString(hex), out _, out HopPayloadError error));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.AmountAboveCeiling, 8, 8), error);
    }

    [Theory]
    [InlineData("02023a98040205dc081f" + "00000000000000000000000000000000000000000000000000000000000000", TlvFailureReason.ValueTooShort)]
    [InlineData("02023a98040205dc0829" + "0000000000000000000000000000000000000000000000000000000000000000" + "010000000000000000", TlvFailureReason.ValueTooLong)]
    [InlineData("02023a98040205dc0821" + "0000000000000000000000000000000000000000000000000000000000000000" + "00", TlvFailureReason.TruncatedIntNotMinimal)]
    [InlineData("0202003a040205dc", TlvFailureReason.TruncatedIntNotMinimal)]
    [InlineData("02023a980405000005dc00", TlvFailureReason.ValueTooLong)]
    public void Malformed_values_are_invalid_tlv(string hex, TlvFailureReason reason)
    {
        Assert.False(FinalPayload.TryParse(Convert.FromHexString(hex), out _, out HopPayloadError error));
        Assert.Equal(HopPayloadErrorReason.InvalidTlv, error.Reason);
        Assert.Equal(reason, error.TlvReason);
    }

    [Fact]
    public void Short_channel_id_of_wrong_size_is_refused()
    {
        Assert.False(RelayPayload.TryParse(Convert.FromHexString("02023a98040205dc060700000000000001"), out _, out HopPayloadError error));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.InvalidTlv, 6, 8, TlvFailureReason.ValueTooShort), error);
    }

    [Fact]
    public void Relay_refuses_payment_metadata()
    {
        Assert.False(RelayPayload.TryParse(Convert.FromHexString("02023a98040205dc060800000000000000011000"), out _, out HopPayloadError error));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.ForbiddenType, 16, 18), error);
    }

    [Fact]
    public void Final_payload_round_trips_with_every_field()
    {
        byte[] secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        var payload = new FinalPayload(
            1_000_000, 800_018, secret, 2_000_000, [0xde, 0xad],
            [new TlvRecordData(3, [1]), new TlvRecordData(65537, [2, 3])]);

        byte[] stream = payload.Encode();
        Assert.True(FinalPayload.TryParse(stream, out FinalPayload? decoded, out HopPayloadError error), error.ToString());

        Assert.Equal(payload.AmountToForwardMsat, decoded.AmountToForwardMsat);
        Assert.Equal(payload.OutgoingCltvValue, decoded.OutgoingCltvValue);
        Assert.Equal(secret, decoded.PaymentSecret);
        Assert.Equal(2_000_000UL, decoded.TotalMsat);
        Assert.Equal([0xde, 0xad], decoded.PaymentMetadata!);
        Assert.Equal(payload.UnknownOddRecords, decoded.UnknownOddRecords);
        Assert.Equal(stream, decoded.Encode());
    }

    [Fact]
    public void Zero_amount_and_empty_metadata_round_trip()
    {
        var payload = new FinalPayload(0, 0, paymentMetadata: []);
        byte[] stream = payload.Encode();
        Assert.Equal("020004001000", Convert.ToHexStringLower(stream));
        Assert.True(FinalPayload.TryParse(stream, out FinalPayload? decoded, out _));
        Assert.Empty(Assert.IsType<byte[]>(decoded.PaymentMetadata));
    }

    [Fact]
    public void Constructors_refuse_misuse()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RelayPayload(HopPayloadTypes.MaxMsat + 1, 0, default));
        Assert.Throws<ArgumentException>(() => new RelayPayload(1, 0, default, [new TlvRecordData(4, [])]));
        Assert.Throws<ArgumentException>(() => new RelayPayload(1, 0, default, [new TlvRecordData(10, [])]));
        Assert.Throws<ArgumentException>(() => new FinalPayload(1, 0, new byte[31], 1));
        Assert.Throws<ArgumentException>(() => new FinalPayload(1, 0, new byte[32]));
    }
}
