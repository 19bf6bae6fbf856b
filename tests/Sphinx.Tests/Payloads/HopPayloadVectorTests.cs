using System.Text.Json;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Tests.Failures;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Tests.Payloads;

/// <summary>The five hop payloads of onion-test.json, decoded and re-encoded byte for byte.</summary>
public sealed class HopPayloadVectorTests
{
    private static readonly JsonElement Hops = VectorJson.Load("onion-test.json").GetProperty("generate").GetProperty("hops");

    [Theory]
    [InlineData(0, 15000UL, 1500u, "0x0x1")]
    [InlineData(1, 14000UL, 1400u, "0x0x2")]
    [InlineData(2, 12500UL, 1250u, "0x0x3")]
    [InlineData(3, 10000UL, 1000u, "0x0x4")]
    public void Relay_hop_payload_decodes_and_re_encodes(int hop, ulong amount, uint cltv, string scid)
    {
        byte[] framed = Hops[hop].HexOf("payload");
        BigSize.TryRead(framed, out ulong length, out int prefix);
        Assert.Equal(framed.Length - prefix, (int)length);

        Assert.True(RelayPayload.TryParse(framed.AsSpan(prefix), out RelayPayload? payload, out HopPayloadError error, prefix), error.ToString());

        Assert.Equal(amount, payload.AmountToForwardMsat);
        Assert.Equal(cltv, payload.OutgoingCltvValue);
        Assert.Equal(ShortChannelId.Parse(scid), payload.ShortChannelId);
        Assert.Equal(framed, payload.EncodeWithLengthPrefix());
    }

    [Fact]
    public void Hop_1_keeps_its_unknown_odd_record_513()
    {
        byte[] framed = Hops[1].HexOf("payload");
        Assert.True(RelayPayload.TryParse(framed.AsSpan(1), out RelayPayload? payload, out _));
        TlvRecordData extra = Assert.Single(payload.UnknownOddRecords);
        Assert.Equal(513UL, extra.Type);
        Assert.Equal(60, extra.Value.Length);
    }

    [Fact]
    public void Final_hop_payload_decodes_and_re_encodes()
    {
        byte[] framed = Hops[4].HexOf("payload");
        BigSize.TryRead(framed, out _, out int prefix);

        Assert.True(FinalPayload.TryParse(framed.AsSpan(prefix), out FinalPayload? payload, out HopPayloadError error, prefix), error.ToString());

        Assert.Equal(10000UL, payload.AmountToForwardMsat);
        Assert.Equal(1000u, payload.OutgoingCltvValue);
        Assert.Equal("24a33562c54507a9334e79f0dc4f17d407e6d7c61f0e2f3d0d38599502f61704", Convert.ToHexStringLower(payload.PaymentSecret!));
        Assert.Equal(10000UL, payload.TotalMsat);
        Assert.Equal(301UL, Assert.Single(payload.UnknownOddRecords).Type);
        Assert.Equal(framed, payload.EncodeWithLengthPrefix());
    }

    [Fact]
    public void Relay_payload_parsed_as_final_is_refused_because_a_final_hop_must_not_forward()
    {
        byte[] framed = Hops[0].HexOf("payload");
        Assert.False(FinalPayload.TryParse(framed.AsSpan(1), out _, out HopPayloadError error, 1));
        Assert.Equal(new HopPayloadError(HopPayloadErrorReason.ForbiddenType, 6, 1 + 4 + 4), error);
    }

    [Fact]
    public void Final_payload_parsed_as_relay_is_refused()
    {
        byte[] framed = Hops[4].HexOf("payload");
        Assert.False(RelayPayload.TryParse(framed.AsSpan(3), out _, out HopPayloadError error, 3));
        Assert.Equal(HopPayloadErrorReason.ForbiddenType, error.Reason);
        Assert.Equal(8UL, error.Type);
        Assert.Equal(3 + 4 + 4, error.Offset);
    }
}
