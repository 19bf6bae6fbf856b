using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Gossip;
using static LnRelay.Node.Tests.Gossip.GossipTestKeys;

namespace LnRelay.Node.Tests.Gossip;

/// <summary>BOLT 7 channel_update: layout, signing, verification, direction and policy.</summary>
public sealed class ChannelUpdateTests
{
    // Every field after the signature, written out by hand from BOLT 7's table for key Two
    // (node_id_2) signing a disabled update: chain_hash || scid 539268x845x1 || timestamp
    // 1700000000 || message_flags 01 || channel_flags 03 (direction 1, disable) || cltv 40 ||
    // htlc_minimum 1 || fee_base 1000 || fee_proportional 100 || htlc_maximum 100000000.
    private const string SignedPartHex =
        "a17f0e4e814e0b2d741cf4aef3d8ca87e752102c275bd378c13a11965ef8ea8f"
        + "083a8400034d0001"
        + "6553f100"
        + "01"
        + "03"
        + "0028"
        + "0000000000000001"
        + "000003e8"
        + "00000064"
        + "0000000005f5e100";

    [Fact]
    public void Test_keys_are_the_documented_points_in_node_id_order()
    {
        using var one = One();
        using var two = Two();
        Assert.Equal(NodeId1Hex, one.PublicKey.ToHex());
        Assert.Equal(NodeId2Hex, two.PublicKey.ToHex());
        Assert.True(NodeIdOrder.IsNodeId1(one.PublicKey, two.PublicKey));
        Assert.False(NodeIdOrder.IsNodeId1(two.PublicKey, one.PublicKey));
    }

    [Fact]
    public void Encoding_is_byte_exact_and_signed_over_double_sha256_of_the_rest()
    {
        using var one = One();
        using var two = Two();
        var update = Update(two, one.PublicKey, Policy with { Enabled = false });

        var body = update.ToBodyBytes();
        var message = update.ToMessageBytes();

        Assert.Equal(136, ChannelUpdate.BodySize);
        Assert.Equal(138, ChannelUpdate.MessageSize);
        Assert.Equal(ChannelUpdate.BodySize, body.Length);
        Assert.Equal(SignedPartHex, Convert.ToHexStringLower(body.AsSpan(EcdsaSignature.Size)));
        Assert.Equal(update.Signature.ToArray(), body.AsSpan(0, EcdsaSignature.Size).ToArray());
        Assert.Equal("0102" + Convert.ToHexStringLower(body), Convert.ToHexStringLower(message));

        var doubleSha = Hashes.Sha256(Hashes.Sha256(Convert.FromHexString(SignedPartHex)));
        Assert.True(two.PublicKey.VerifyEcdsa(update.Signature, doubleSha));
        Assert.True(EcdsaSignature.IsLowS(update.Signature));
    }

    [Fact]
    public void Create_is_deterministic()
    {
        using var one = One();
        using var two = Two();
        Assert.Equal(Update(one, two.PublicKey).ToBodyBytes(), Update(one, two.PublicKey).ToBodyBytes());
    }

    [Fact]
    public void Round_trip_through_body_message_and_embedded_forms_keeps_every_field()
    {
        using var one = One();
        using var two = Two();
        var update = ChannelUpdate.Create(one, two.PublicKey, ChainHash(), Scid, Timestamp, Policy with { Enabled = false }, dontForward: true);

        Assert.True(ChannelUpdate.TryDecodeBody(update.ToBodyBytes(), out var fromBody, out var failure));
        Assert.Equal(ChannelUpdateDecodeError.None, failure);
        Assert.True(ChannelUpdate.TryDecodeMessage(update.ToMessageBytes(), out var fromMessage, out _));
        Assert.True(ChannelUpdate.TryDecodeEmbedded(update.ToBodyBytes(), out var embeddedBare, out _));
        Assert.True(ChannelUpdate.TryDecodeEmbedded(update.ToMessageBytes(), out var embeddedPrefixed, out _));

        foreach (var decoded in new[] { fromBody, fromMessage, embeddedBare, embeddedPrefixed })
        {
            Assert.Equal(update.ToBodyBytes(), decoded.ToBodyBytes());
            Assert.Equal(update.ChainHash.ToArray(), decoded.ChainHash.ToArray());
            Assert.Equal(Scid, decoded.ShortChannelId);
            Assert.Equal(Timestamp, decoded.Timestamp);
            Assert.Equal(ChannelUpdateMessageFlags.MustBeOne | ChannelUpdateMessageFlags.DontForward, decoded.MessageFlags);
            Assert.Equal(ChannelUpdateChannelFlags.Disable, decoded.ChannelFlags);
            Assert.True(decoded.DontForward);
            Assert.True(decoded.IsDisabled);
            Assert.Equal(0, decoded.Direction);
            Assert.Equal(Policy with { Enabled = false }, decoded.ToPolicy());
            Assert.True(decoded.VerifySignature(one.PublicKey));
        }
    }

    [Fact]
    public void Signature_verifies_with_the_signers_key_only()
    {
        using var one = One();
        using var two = Two();
        using var stranger = PrivateKey.Generate();
        var update = Update(one, two.PublicKey);

        Assert.True(update.VerifySignature(one.PublicKey));
        Assert.False(update.VerifySignature(two.PublicKey));
        Assert.False(update.VerifySignature(stranger.PublicKey));
        Assert.True(update.VerifySignatureForChannel(one.PublicKey, two.PublicKey));
        Assert.True(update.VerifySignatureForChannel(two.PublicKey, one.PublicKey));
        Assert.False(update.VerifySignatureForChannel(two.PublicKey, stranger.PublicKey));
    }

    [Fact]
    public void Every_flipped_bit_after_the_signature_breaks_verification_or_decoding()
    {
        using var one = One();
        using var two = Two();
        var body = Update(two, one.PublicKey).ToBodyBytes();
        int refusedByDecoder = 0;

        for (int bit = EcdsaSignature.Size * 8; bit < body.Length * 8; bit++)
        {
            var tampered = (byte[])body.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            if (ChannelUpdate.TryDecodeBody(tampered, out var decoded, out var failure))
            {
                Assert.False(decoded.VerifySignature(two.PublicKey), $"bit {bit} still verifies");
                Assert.Equal(tampered, decoded.ToBodyBytes());
            }
            else
            {
                Assert.True(failure is ChannelUpdateDecodeError.UnknownMessageFlags or ChannelUpdateDecodeError.UnknownChannelFlags, $"bit {bit}: {failure}");
                refusedByDecoder++;
            }
        }

        // Six unassigned bits in each flags byte.
        Assert.Equal(12, refusedByDecoder);
    }

    [Fact]
    public void Every_flipped_bit_of_the_signature_breaks_verification()
    {
        using var one = One();
        using var two = Two();
        var body = Update(one, two.PublicKey).ToBodyBytes();
        for (int bit = 0; bit < EcdsaSignature.Size * 8; bit++)
        {
            var tampered = (byte[])body.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.True(ChannelUpdate.TryDecodeBody(tampered, out var decoded, out _));
            Assert.False(decoded.VerifySignature(one.PublicKey), $"bit {bit}");
        }
    }

    [Fact]
    public void Direction_bit_is_0_for_node_id_1_and_1_for_node_id_2()
    {
        using var one = One();
        using var two = Two();

        var fromOne = Update(one, two.PublicKey);
        var fromTwo = Update(two, one.PublicKey);

        Assert.Equal(0, fromOne.Direction);
        Assert.Equal(ChannelUpdateChannelFlags.None, fromOne.ChannelFlags);
        Assert.Equal(1, fromTwo.Direction);
        Assert.Equal(ChannelUpdateChannelFlags.Direction, fromTwo.ChannelFlags);
        Assert.Equal(ChannelUpdateMessageFlags.MustBeOne, fromOne.MessageFlags);
    }

    [Fact]
    public void Direction_bit_follows_byte_order_of_random_node_ids()
    {
        for (int i = 0; i < 20; i++)
        {
            using var a = PrivateKey.Generate();
            using var b = PrivateKey.Generate();
            var aIsLesser = a.PublicKey.ToBytes().AsSpan().SequenceCompareTo(b.PublicKey.ToBytes()) < 0;

            var fromA = Update(a, b.PublicKey);
            var fromB = Update(b, a.PublicKey);

            Assert.Equal(aIsLesser ? 0 : 1, fromA.Direction);
            Assert.Equal(1 - fromA.Direction, fromB.Direction);
            Assert.True(fromA.VerifySignatureForChannel(b.PublicKey, a.PublicKey));
            Assert.True(fromB.VerifySignatureForChannel(a.PublicKey, b.PublicKey));
        }
    }

    [Fact]
    public void Policy_round_trips_including_enabled_and_extreme_values()
    {
        using var one = One();
        using var two = Two();
        var extreme = new ChannelPolicy(uint.MaxValue, uint.MaxValue, ushort.MaxValue, 0, ulong.MaxValue, Enabled: true);

        Assert.Equal(Policy, Update(one, two.PublicKey).ToPolicy());
        Assert.Equal(extreme, Update(one, two.PublicKey, extreme).ToPolicy());
        Assert.False(Update(one, two.PublicKey, Policy with { Enabled = false }).ToPolicy().Enabled);
        Assert.Equal(ChannelPolicy.Default, Update(two, one.PublicKey, ChannelPolicy.Default).ToPolicy());
    }

    [Fact]
    public void Create_refuses_misuse()
    {
        using var one = One();
        using var two = Two();

        Assert.Throws<ArgumentException>(() => ChannelUpdate.Create(one, two.PublicKey, new byte[31], Scid, Timestamp, Policy));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelUpdate.Create(one, two.PublicKey, ChainHash(), Scid, 0, Policy));
        Assert.Throws<ArgumentException>(() => ChannelUpdate.Create(one, two.PublicKey, ChainHash(), Scid, Timestamp, Policy with { HtlcMinimumMsat = 10, HtlcMaximumMsat = 9 }));
        Assert.Throws<ArgumentException>(() => ChannelUpdate.Create(one, one.PublicKey, ChainHash(), Scid, Timestamp, Policy));
    }
}
