using LnRelay.Sphinx.Failures;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Tests.Failures;

public sealed class FailureMessageTests
{
    private static readonly byte[] Sha = [.. Enumerable.Range(0, 32).Select(i => (byte)(0xa0 + i))];
    private static readonly byte[] Update = [.. Enumerable.Range(0, 136).Select(i => (byte)i)];

    public static TheoryData<string, string> EveryCode() => new()
    {
        { "temporary_node_failure", "2002" },
        { "permanent_node_failure", "6002" },
        { "required_node_feature_missing", "6003" },
        { "invalid_onion_version", "c004" + Convert.ToHexStringLower(Sha) },
        { "invalid_onion_hmac", "c005" + Convert.ToHexStringLower(Sha) },
        { "invalid_onion_key", "c006" + Convert.ToHexStringLower(Sha) },
        { "temporary_channel_failure", "10070000" },
        { "permanent_channel_failure", "4008" },
        { "required_channel_feature_missing", "4009" },
        { "unknown_next_peer", "400a" },
        { "amount_below_minimum", "100b00000000000003e8" + "0000" },
        { "fee_insufficient", "100c00000000000007d0" + "0000" },
        { "incorrect_cltv_expiry", "100d0000029a" + "0000" },
        { "expiry_too_soon", "100e0000" },
        { "incorrect_or_unknown_payment_details", "400f" + "0000000000000064" + "000c3500" },
        { "final_incorrect_cltv_expiry", "0012000003e8" },
        { "final_incorrect_htlc_amount", "00130000000000002710" },
        { "channel_disabled", "1014" + "0000" + "0000" },
        { "expiry_too_far", "0015" },
        { "invalid_onion_payload", "4016" + "fd0201" + "0011" },
        { "mpp_timeout", "0017" },
        { "invalid_onion_blinding", "c018" + Convert.ToHexStringLower(Sha) },
    };

    [Theory]
    [MemberData(nameof(EveryCode))]
    public void Every_code_encodes_as_specified_and_round_trips(string name, string hex)
    {
        Assert.True(FailureCodeNames.TryParseSpecName(name, out FailureCode code));
        FailureMessage message = Build(code);

        Assert.Equal(hex, Convert.ToHexStringLower(message.Encode()));
        Assert.True(FailureMessage.TryDecode(message.Encode(), out FailureMessage? decoded, out FailureMessageDecodeError error), error.ToString());
        Assert.Equal(code, decoded.Code);
        Assert.Equal(message.Encode(), decoded.Encode());
        Assert.Equal(message.HtlcMsat, decoded.HtlcMsat);
        Assert.Equal(message.CltvExpiry, decoded.CltvExpiry);
        Assert.Equal(message.Height, decoded.Height);
        Assert.Equal(message.DisabledFlags, decoded.DisabledFlags);
        Assert.Equal(message.Sha256OfOnion, decoded.Sha256OfOnion);
        Assert.Equal(message.PayloadType, decoded.PayloadType);
        Assert.Equal(message.PayloadOffset, decoded.PayloadOffset);
    }

    [Theory]
    [InlineData(FailureCode.TemporaryChannelFailure)]
    [InlineData(FailureCode.AmountBelowMinimum)]
    [InlineData(FailureCode.FeeInsufficient)]
    [InlineData(FailureCode.IncorrectCltvExpiry)]
    [InlineData(FailureCode.ExpiryTooSoon)]
    [InlineData(FailureCode.ChannelDisabled)]
    public void Channel_update_is_written_with_its_type_prefix_and_read_with_or_without_it(FailureCode code)
    {
        FailureMessage message = Build(code, Update);
        byte[] encoded = message.Encode();
        byte[] expectedTail = [0x00, 0x8a, 0x01, 0x02, .. Update];
        Assert.Equal(expectedTail, encoded[^expectedTail.Length..]);

        Assert.True(FailureMessage.TryDecode(encoded, out FailureMessage? prefixed, out _));
        Assert.Equal(Update, prefixed.ChannelUpdate);

        // An old node's form: len = 136, no 0x0102.
        byte[] bare = [.. encoded[..^expectedTail.Length], 0x00, 0x88, .. Update];
        Assert.True(FailureMessage.TryDecode(bare, out FailureMessage? unprefixed, out _));
        Assert.Equal(Update, unprefixed.ChannelUpdate);
    }

    [Fact]
    public void Trailing_tlv_stream_is_kept_as_in_the_spec_vector()
    {
        byte[] value = [.. Enumerable.Repeat((byte)0x80, 300)];
        FailureMessage message = FailureMessage.IncorrectOrUnknownPaymentDetails(100, 800000, [new TlvRecordData(34001, value)]);
        byte[] encoded = message.Encode();
        Assert.StartsWith("400f0000000000000064000c3500fd84d1fd012c8080", Convert.ToHexStringLower(encoded), StringComparison.Ordinal);
        Assert.True(FailureMessage.TryDecode(encoded, out FailureMessage? decoded, out _));
        Assert.Equal(message.Extension, decoded.Extension);
    }

    [Theory]
    [InlineData("", FailureMessageDecodeErrorReason.MissingCode, 0)]
    [InlineData("20", FailureMessageDecodeErrorReason.MissingCode, 0)]
    [InlineData("c005aabb", FailureMessageDecodeErrorReason.DataTruncated, 2)]
    [InlineData("100b000000000000", FailureMessageDecodeErrorReason.DataTruncated, 2)]
    [InlineData("100b00000000000003e8", FailureMessageDecodeErrorReason.DataTruncated, 10)]
    [InlineData("10070005aabb", FailureMessageDecodeErrorReason.ChannelUpdateLengthPastEnd, 2)]
    [InlineData("1007ffff", FailureMessageDecodeErrorReason.ChannelUpdateLengthPastEnd, 2)]
    [InlineData("4016fd00010000", FailureMessageDecodeErrorReason.InvalidPayloadType, 2)]
    [InlineData("4016ff", FailureMessageDecodeErrorReason.InvalidPayloadType, 2)]
    [InlineData("401602", FailureMessageDecodeErrorReason.DataTruncated, 3)]
    [InlineData("20020200", FailureMessageDecodeErrorReason.InvalidExtension, 2)]
    [InlineData("200201ffffffffffffffffff00", FailureMessageDecodeErrorReason.InvalidExtension, 2)]
    public void Truncated_or_garbage_input_is_a_declared_error(string hex, FailureMessageDecodeErrorReason reason, int offset)
    {
        Assert.False(FailureMessage.TryDecode(Convert.FromHexString(hex), out _, out FailureMessageDecodeError error));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Unlisted_code_keeps_its_bytes()
    {
        Assert.True(FailureMessage.TryDecode(Convert.FromHexString("1234aabbcc"), out FailureMessage? message, out _));
        Assert.Equal((FailureCode)0x1234, message.Code);
        Assert.Equal([0xaa, 0xbb, 0xcc], message.UnparsedData);
        Assert.Equal("1234aabbcc", Convert.ToHexStringLower(message.Encode()));
    }

    [Fact]
    public void Factories_refuse_misuse()
    {
        Assert.Throws<ArgumentException>(() => FailureMessage.Create(FailureCode.InvalidOnionHmac));
        Assert.Throws<ArgumentException>(() => FailureMessage.BadOnion(FailureCode.TemporaryNodeFailure, Sha));
        Assert.Throws<ArgumentException>(() => FailureMessage.BadOnion(FailureCode.InvalidOnionHmac, new byte[31]));
    }

    [Fact]
    public void Random_input_gives_a_message_or_a_declared_error()
    {
        var random = new Random(77);
        FailureCode[] codes = Enum.GetValues<FailureCode>();
        for (int i = 0; i < 200_000; i++)
        {
            var bytes = new byte[random.Next(64)];
            random.NextBytes(bytes);
            if (bytes.Length >= 2 && i % 2 == 0)
            {
                // Bias towards listed codes so the data readers run.
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)codes[random.Next(codes.Length)]);
            }

            if (FailureMessage.TryDecode(bytes, out FailureMessage? message, out FailureMessageDecodeError error))
            {
                Assert.True(FailureMessage.TryDecode(message.Encode(), out _, out _));
            }
            else
            {
                Assert.True(Enum.IsDefined(error.Reason));
                Assert.InRange(error.Offset, 0, bytes.Length);
            }
        }
    }

    private static FailureMessage Build(FailureCode code, byte[]? update = null) => code switch
    {
        FailureCode.InvalidOnionVersion or FailureCode.InvalidOnionHmac or FailureCode.InvalidOnionKey or FailureCode.InvalidOnionBlinding
            => FailureMessage.BadOnion(code, Sha),
        FailureCode.TemporaryChannelFailure => FailureMessage.TemporaryChannelFailure(update),
        FailureCode.ExpiryTooSoon => FailureMessage.ExpiryTooSoon(update),
        FailureCode.AmountBelowMinimum => FailureMessage.AmountBelowMinimum(1000, update),
        FailureCode.FeeInsufficient => FailureMessage.FeeInsufficient(2000, update),
        FailureCode.IncorrectCltvExpiry => FailureMessage.IncorrectCltvExpiry(666, update),
        FailureCode.ChannelDisabled => FailureMessage.ChannelDisabled(0, update),
        FailureCode.IncorrectOrUnknownPaymentDetails => FailureMessage.IncorrectOrUnknownPaymentDetails(100, 800000),
        FailureCode.FinalIncorrectCltvExpiry => FailureMessage.FinalIncorrectCltvExpiry(1000),
        FailureCode.FinalIncorrectHtlcAmount => FailureMessage.FinalIncorrectHtlcAmount(10000),
        FailureCode.InvalidOnionPayload => FailureMessage.InvalidOnionPayload(513, 17),
        _ => FailureMessage.Create(code),
    };
}
