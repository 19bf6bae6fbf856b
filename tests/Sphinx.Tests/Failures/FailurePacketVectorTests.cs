using System.Text.Json;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Failures;

/// <summary>
/// The return packet against the spec's vectors, byte for byte at every hop: the current
/// bolt04-failure-vectors.json (0x400f + TLV extension, padded to 1024) and the older
/// onion-error-test.json (0x2002, padded to 256). Attribution data is not covered here.
/// </summary>
public sealed class FailurePacketVectorTests
{
    private static readonly JsonElement Current = VectorJson.Load("bolt04-failure-vectors.json");
    private static readonly JsonElement Older = VectorJson.Load("onion-error-test.json");

    [Fact]
    public void Erring_node_builds_the_failure_message_and_padded_payload_of_the_vector()
    {
        JsonElement failure = Current.GetProperty("failure_message");
        JsonElement extension = failure.GetProperty("tlv_extension")[0];
        FailureMessage message = FailureMessage.IncorrectOrUnknownPaymentDetails(
            failure.GetProperty("htlc_msat").GetUInt64(),
            failure.GetProperty("height").GetUInt32(),
            [new Wire.TlvRecordData(extension.GetProperty("type").GetUInt64(), extension.HexOf("value_hex"))]);

        Assert.Equal(failure.HexOf("failuremsg_derived"), message.Encode());

        JsonElement erring = Current.GetProperty("erring_node");
        byte[] secret = erring.HexOf("shared_secret");
        Assert.Equal(erring.HexOf("um_key"), OnionKeys.Derive(OnionKeyType.Um, secret));
        int padded = Current.GetProperty("lengths").GetProperty("failure_len_plus_pad_len").GetInt32();

        byte[] reason = FailurePacket.Create(secret, message, padded);

        // Undo the erring node's own ammag layer to compare the plaintext packet too.
        byte[] plain = FailurePacket.Wrap(secret, reason);
        Assert.Equal(erring.HexOf("raw_error_packet"), plain);
        Assert.Equal(erring.HexOf("payload"), plain[FailurePacket.HmacSize..]);
        Assert.Equal(Current.GetProperty("return_path")[0].HexOf("error_packet"), reason);
    }

    [Fact]
    public void Every_hop_on_the_return_path_produces_the_vector_packet()
    {
        JsonElement path = Current.GetProperty("return_path");
        byte[] packet = Current.GetProperty("erring_node").HexOf("raw_error_packet");
        foreach (JsonElement hop in path.EnumerateArray())
        {
            byte[] secret = hop.HexOf("shared_secret");
            Assert.Equal(hop.HexOf("ammag_key"), OnionKeys.Derive(OnionKeyType.Ammag, secret));
            packet = FailurePacket.Wrap(secret, packet);
            Assert.Equal(hop.HexOf("error_packet"), packet);
        }
    }

    [Fact]
    public void Origin_attributes_the_current_vector_to_hop_4_and_reads_its_message()
    {
        JsonElement path = Current.GetProperty("return_path");
        byte[] reason = path[path.GetArrayLength() - 1].HexOf("error_packet");
        byte[][] secrets = [.. path.EnumerateArray().OrderBy(h => h.GetProperty("hop_index").GetInt32()).Select(h => h.HexOf("shared_secret"))];

        Assert.True(FailurePacketDecoder.TryDecode(reason, secrets, out DecodedFailure? decoded, out FailurePacketDecodeError error), error.ToString());

        Assert.Equal(Current.GetProperty("parameters").GetProperty("failure_source_hop_index").GetInt32(), decoded.HopIndex);
        Assert.Equal(Current.GetProperty("failure_message").HexOf("failuremsg_derived"), decoded.FailureMessageBytes);
        Assert.NotNull(decoded.Message);
        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, decoded.Message.Code);
        Assert.Equal(100UL, decoded.Message.HtlcMsat);
        Assert.Equal(800000u, decoded.Message.Height);
        Assert.Equal(34001UL, Assert.Single(decoded.Message.Extension).Type);
    }

    [Fact]
    public void Older_vector_is_reproduced_through_every_hop_and_attributed_to_hop_4()
    {
        JsonElement[] hops = [.. Older.GetProperty("generate").GetProperty("hops").EnumerateArray()];
        byte[][] secrets = [.. hops.Select(h => h.HexOf("hop_shared_secret"))];
        JsonElement erring = hops[^1];
        Assert.Equal(erring.HexOf("um_key"), OnionKeys.Derive(OnionKeyType.Um, secrets[^1]));
        byte[] message = Older.GetProperty("generate").HexOf("failure_message");

        byte[] reason = FailurePacket.Create(secrets[^1], message);
        Assert.Equal(erring.HexOf("payload"), FailurePacket.Wrap(secrets[^1], reason)[FailurePacket.HmacSize..]);
        Assert.Equal(FailurePacket.DefaultPacketSize, reason.Length);
        for (int hop = hops.Length - 2; hop >= 0; hop--)
        {
            Assert.Equal(hops[hop].HexOf("ammag_key"), OnionKeys.Derive(OnionKeyType.Ammag, secrets[hop]));
            reason = FailurePacket.Wrap(secrets[hop], reason);
        }

        Assert.Equal(Older.HexOf("errorpacket"), reason);
        Assert.True(FailurePacketDecoder.TryDecode(reason, secrets, out DecodedFailure? decoded, out _));
        Assert.Equal(4, decoded.HopIndex);
        Assert.Equal(FailureCode.TemporaryNodeFailure, decoded.Message!.Code);
    }

    [Fact]
    public void Shared_secrets_agree_with_the_derived_onion_intermediates()
    {
        JsonElement intermediates = VectorJson.Load("derived-onion-test-intermediates.json").GetProperty("hops");
        JsonElement path = Current.GetProperty("return_path");
        foreach (JsonElement hop in path.EnumerateArray())
        {
            int index = hop.GetProperty("hop_index").GetInt32();
            Assert.Equal(intermediates[index].HexOf("shared_secret"), hop.HexOf("shared_secret"));
        }
    }
}
