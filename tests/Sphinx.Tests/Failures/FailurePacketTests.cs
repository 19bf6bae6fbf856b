using System.Buffers.Binary;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Failures;

/// <summary>Return packet behaviour beyond the vectors: malformed conversion, pad sizes, regressions, random input.</summary>
public sealed class FailurePacketTests
{
    private static readonly byte[][] Secrets = [.. Enumerable.Range(1, 5).Select(i => Enumerable.Repeat((byte)i, 32).ToArray())];

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Origin_attributes_a_failure_to_the_hop_that_made_it(int erring)
    {
        byte[] reason = Route(erring, FailurePacket.Create(Secrets[erring], FailureMessage.Create(FailureCode.UnknownNextPeer)));
        Assert.True(FailurePacketDecoder.TryDecode(reason, Secrets, out DecodedFailure? decoded, out _));
        Assert.Equal(erring, decoded.HopIndex);
        Assert.Equal(FailureCode.UnknownNextPeer, decoded.Message!.Code);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(300)]
    [InlineData(1024)]
    public void Other_pad_targets_are_built_and_decoded(int padded)
    {
        byte[] reason = FailurePacket.Create(Secrets[0], FailureMessage.Create(FailureCode.MppTimeout), padded);
        Assert.Equal(FailurePacket.HmacSize + (2 * FailurePacket.LengthFieldSize) + padded, reason.Length);
        Assert.True(FailurePacketDecoder.TryDecode(reason, Secrets, out DecodedFailure? decoded, out _));
        Assert.Equal(FailureCode.MppTimeout, decoded.Message!.Code);
    }

    [Fact]
    public void Pad_target_below_256_is_a_caller_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FailurePacket.Create(Secrets[0], [0x20, 0x02], 255));
    }

    [Fact]
    public void Malformed_htlc_becomes_the_upstream_nodes_own_packet()
    {
        byte[] sha = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
        Assert.True(FailurePacket.TryCreateFromMalformed(Secrets[1], (ushort)FailureCode.InvalidOnionHmac, sha, out byte[]? reason));

        reason = FailurePacket.Wrap(Secrets[0], reason);
        Assert.True(FailurePacketDecoder.TryDecode(reason, Secrets, out DecodedFailure? decoded, out _));
        Assert.Equal(1, decoded.HopIndex);
        Assert.Equal(FailureCode.InvalidOnionHmac, decoded.Message!.Code);
        Assert.Equal(sha, decoded.Message.Sha256OfOnion);
    }

    [Fact]
    public void Malformed_htlc_without_badonion_is_refused()
    {
        Assert.False(FailurePacket.TryCreateFromMalformed(Secrets[0], (ushort)FailureCode.TemporaryNodeFailure, new byte[32], out _));
    }

    [Fact]
    public void Malformed_htlc_with_an_unlisted_badonion_code_is_still_converted()
    {
        Assert.True(FailurePacket.TryCreateFromMalformed(Secrets[0], 0x8099, new byte[32], out byte[]? reason));
        Assert.True(FailurePacketDecoder.TryDecode(reason, Secrets, out DecodedFailure? decoded, out _));
        Assert.Equal((FailureCode)0x8099, decoded.Message!.Code);
        Assert.Equal(new byte[32], decoded.Message.UnparsedData);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(33)]
    public void Packet_shorter_than_hmac_and_failure_len_is_refused(int length)
    {
        Assert.False(FailurePacketDecoder.TryDecode(new byte[length], Secrets, out _, out FailurePacketDecodeError error));
        Assert.Equal(FailurePacketDecodeErrorReason.PacketTooShort, error.Reason);
    }

    [Fact]
    public void Failure_len_past_the_end_is_refused_with_the_hop_known()
    {
        // A correctly HMAC'd packet whose failure_len claims more than it holds.
        byte[] plain = new byte[FailurePacket.MinimumPacketSize + 10];
        BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(FailurePacket.HmacSize), 0xffff);
        byte[] reason = Seal(Secrets[0], plain);

        Assert.False(FailurePacketDecoder.TryDecode(reason, Secrets, out _, out FailurePacketDecodeError error));
        Assert.Equal(new FailurePacketDecodeError(FailurePacketDecodeErrorReason.FailureLengthPastEnd, 0), error);
    }

    [Fact]
    public void Garbled_failure_message_still_names_the_hop()
    {
        byte[] plain = new byte[FailurePacket.MinimumPacketSize + 1];
        BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(FailurePacket.HmacSize), 1);
        byte[] reason = Route(2, Seal(Secrets[2], plain));

        Assert.True(FailurePacketDecoder.TryDecode(reason, Secrets, out DecodedFailure? decoded, out _));
        Assert.Equal(2, decoded.HopIndex);
        Assert.Null(decoded.Message);
        Assert.Equal(FailureMessageDecodeErrorReason.MissingCode, decoded.MessageError!.Value.Reason);
    }

    [Fact]
    public void Packet_from_outside_the_route_is_unattributable()
    {
        byte[] reason = FailurePacket.Create(Enumerable.Repeat((byte)9, 32).ToArray(), [0x20, 0x02]);
        Assert.False(FailurePacketDecoder.TryDecode(reason, Secrets, out _, out FailurePacketDecodeError error));
        Assert.Equal(FailurePacketDecodeErrorReason.NoHopMatched, error.Reason);
    }

    [Fact]
    public void Huge_bigsize_length_in_the_failure_extension_is_a_declared_error()
    {
        // failuremsg = temporary_node_failure || TLV type 1 with length 2^64-1.
        byte[] message = [0x20, 0x02, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        byte[] reason = FailurePacket.Create(Secrets[0], message);
        Assert.True(FailurePacketDecoder.TryDecode(reason, Secrets, out DecodedFailure? decoded, out _));
        Assert.Equal(FailureMessageDecodeErrorReason.InvalidExtension, decoded.MessageError!.Value.Reason);
        Assert.Equal(Wire.TlvFailureReason.ValueMissing, decoded.MessageError.Value.Tlv!.Value.Reason);
    }

    [Fact]
    public void More_than_27_shared_secrets_is_a_caller_bug()
    {
        byte[][] tooMany = [.. Enumerable.Range(0, FailurePacketDecoder.Rounds + 1).Select(_ => new byte[32])];
        Assert.Throws<ArgumentOutOfRangeException>(() => FailurePacketDecoder.TryDecode(new byte[FailurePacket.DefaultPacketSize], tooMany, out _, out _));
    }

    [Fact]
    public void Random_and_mutated_packets_decode_or_give_a_declared_error()
    {
        var random = new Random(1366);
        byte[] valid = Route(3, FailurePacket.Create(Secrets[3], FailureMessage.FeeInsufficient(5000)));
        for (int i = 0; i < 5_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(FailurePacket.DefaultPacketSize + 1)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
            }

            if (!FailurePacketDecoder.TryDecode(input, Secrets, out DecodedFailure? decoded, out FailurePacketDecodeError error))
            {
                Assert.True(Enum.IsDefined(error.Reason));
            }
            else
            {
                Assert.InRange(decoded.HopIndex, 0, Secrets.Length - 1);
            }
        }
    }

    /// <summary>Writes the um HMAC over a hand-made plaintext packet and applies the ammag layer.</summary>
    private static byte[] Seal(byte[] secret, byte[] plain)
    {
        LnRelay.Crypto.Hashes.HmacSha256(OnionKeys.Derive(OnionKeyType.Um, secret), plain.AsSpan(FailurePacket.HmacSize), plain.AsSpan(0, FailurePacket.HmacSize));
        return FailurePacket.Wrap(secret, plain);
    }

    /// <summary>Each hop upstream of <paramref name="erring"/> adds its layer, nearest first.</summary>
    private static byte[] Route(int erring, byte[] reason)
    {
        for (int hop = erring - 1; hop >= 0; hop--)
        {
            reason = FailurePacket.Wrap(Secrets[hop], reason);
        }

        return reason;
    }
}
