using LnRelay.Node.Gossip;
using static LnRelay.Node.Tests.Gossip.GossipTestKeys;

namespace LnRelay.Node.Tests.Gossip;

/// <summary>Strict channel_update decoding: every refusal is a declared <see cref="ChannelUpdateDecodeError"/>.</summary>
public sealed class ChannelUpdateDecodeTests
{
    private const int MessageFlagsOffset = 64 + 32 + 8 + 4;
    private const int ChannelFlagsOffset = MessageFlagsOffset + 1;

    [Fact]
    public void Every_truncation_is_too_short()
    {
        var body = ValidBody();
        var message = ValidMessage();
        for (int length = 0; length < ChannelUpdate.BodySize; length++)
        {
            AssertRefused(ChannelUpdate.TryDecodeBody(body.AsSpan(0, length), out var update, out var failure), update, failure, ChannelUpdateDecodeError.TooShort);
            AssertRefused(ChannelUpdate.TryDecodeEmbedded(body.AsSpan(0, length), out update, out failure), update, failure, ChannelUpdateDecodeError.TooShort);
        }

        for (int length = 0; length < ChannelUpdate.MessageSize; length++)
        {
            AssertRefused(ChannelUpdate.TryDecodeMessage(message.AsSpan(0, length), out var update, out var failure), update, failure, ChannelUpdateDecodeError.TooShort);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(64)]
    [InlineData(1000)]
    public void Trailing_bytes_are_too_long(int extra)
    {
        var body = ValidBody().Concat(new byte[extra]).ToArray();
        var message = ValidMessage().Concat(new byte[extra]).ToArray();

        AssertRefused(ChannelUpdate.TryDecodeBody(body, out var update, out var failure), update, failure, ChannelUpdateDecodeError.TooLong);
        AssertRefused(ChannelUpdate.TryDecodeMessage(message, out update, out failure), update, failure, ChannelUpdateDecodeError.TooLong);
        AssertRefused(ChannelUpdate.TryDecodeEmbedded(message, out update, out failure), update, failure, ChannelUpdateDecodeError.TooLong);
    }

    [Theory]
    [InlineData("0101")]
    [InlineData("0103")]
    [InlineData("0000")]
    [InlineData("0201")]
    public void A_type_other_than_258_is_refused(string typeHex)
    {
        var message = ValidMessage();
        Convert.FromHexString(typeHex).CopyTo(message, 0);

        AssertRefused(ChannelUpdate.TryDecodeMessage(message, out var update, out var failure), update, failure, ChannelUpdateDecodeError.WrongMessageType);
        AssertRefused(ChannelUpdate.TryDecodeEmbedded(message, out update, out failure), update, failure, ChannelUpdateDecodeError.WrongMessageType);
    }

    [Fact]
    public void Embedded_bare_body_whose_signature_starts_with_0102_is_read_as_a_body()
    {
        var body = ValidBody();
        body[0] = 0x01;
        body[1] = 0x02;

        Assert.True(ChannelUpdate.TryDecodeEmbedded(body, out var update, out _));
        Assert.Equal(body, update.ToBodyBytes());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Unassigned_flag_bits_are_refused(int bit)
    {
        var messageFlags = ValidBody();
        messageFlags[MessageFlagsOffset] |= (byte)(1 << bit);
        var channelFlags = ValidBody();
        channelFlags[ChannelFlagsOffset] |= (byte)(1 << bit);

        AssertRefused(ChannelUpdate.TryDecodeBody(messageFlags, out var update, out var failure), update, failure, ChannelUpdateDecodeError.UnknownMessageFlags);
        AssertRefused(ChannelUpdate.TryDecodeBody(channelFlags, out update, out failure), update, failure, ChannelUpdateDecodeError.UnknownChannelFlags);
    }

    [Fact]
    public void A_clear_must_be_one_bit_is_accepted_as_receivers_ignore_it()
    {
        var body = ValidBody();
        body[MessageFlagsOffset] = 0;

        Assert.True(ChannelUpdate.TryDecodeBody(body, out var update, out var failure));
        Assert.Equal(ChannelUpdateDecodeError.None, failure);
        Assert.Equal(ChannelUpdateMessageFlags.None, update.MessageFlags);
        Assert.Equal(body, update.ToBodyBytes());
    }

    [Fact]
    public void Garbage_of_the_right_length_decodes_structurally_but_does_not_verify()
    {
        var garbage = Enumerable.Range(0, ChannelUpdate.BodySize).Select(i => (byte)(i * 37)).ToArray();
        garbage[MessageFlagsOffset] = 0x01;
        garbage[ChannelFlagsOffset] = 0x02;
        using var one = One();

        Assert.True(ChannelUpdate.TryDecodeBody(garbage, out var update, out _));
        Assert.False(update.VerifySignature(one.PublicKey));
        Assert.Equal(garbage, update.ToBodyBytes());
    }

    private static void AssertRefused(bool decoded, ChannelUpdate? update, ChannelUpdateDecodeError failure, ChannelUpdateDecodeError expected)
    {
        Assert.False(decoded);
        Assert.Null(update);
        Assert.Equal(expected, failure);
    }

    private static byte[] ValidBody()
    {
        using var one = One();
        using var two = Two();
        return Update(one, two.PublicKey).ToBodyBytes();
    }

    private static byte[] ValidMessage()
    {
        using var one = One();
        using var two = Two();
        return Update(one, two.PublicKey).ToMessageBytes();
    }
}
