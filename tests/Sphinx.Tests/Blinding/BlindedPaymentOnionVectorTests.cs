using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Tests.Failures;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Tests.Blinding;

/// <summary>
/// bolts' blinded-payment-onion-test.json, read unchanged: the recipient's blobs from
/// their fields, the pay info (10100, 251, 150), the payer's payloads and its 1366-byte onion,
/// then every hop's peel (incoming onion, next path key) and every relay's forward amount
/// and expiry down to 100000 msat at 749000.
/// </summary>
public sealed class BlindedPaymentOnionVectorTests
{
    private static readonly JsonElement Vector = VectorJson.Load("blinded-payment-onion-test.json");
    private static readonly JsonElement Generate = Vector.GetProperty("generate");
    private static readonly JsonElement[] FullRoute = [.. Generate.GetProperty("full_route").GetProperty("hops").EnumerateArray()];
    private static readonly JsonElement[] Decrypt = [.. Vector.GetProperty("decrypt").GetProperty("hops").EnumerateArray()];

    /// <summary>(hop, amount received, cltv received, amount forwarded, cltv forwarded) for the three blinded relays.</summary>
    public static TheoryData<int, ulong, uint, ulong, uint> RelayAmounts => new()
    {
        { 1, 110125, 749150, 100125, 749100 },
        { 2, 100125, 749100, 100010, 749025 },
        { 3, 100010, 749025, 100000, 749000 },
    };

    public static TheoryData<int> DecryptHops => [0, 1, 2, 3, 4];

    [Fact]
    public void PayInfo_AggregatesTheRelaysFromTheRecipientOutwards()
    {
        var payInfo = BlindedPayInfo.Aggregate(Relays(), minFinalCltvExpiryDelta: 0);
        var expected = Generate.GetProperty("blinded_payinfo");
        Assert.Equal(expected.GetProperty("fee_base_msat").GetUInt32(), payInfo.FeeBaseMsat);
        Assert.Equal(expected.GetProperty("fee_proportional_millionths").GetUInt32(), payInfo.FeeProportionalMillionths);
        Assert.Equal(expected.GetProperty("cltv_expiry_delta").GetUInt32(), payInfo.CltvExpiryDelta);
        Assert.Equal((10100u, 251u, 150u), (payInfo.FeeBaseMsat, payInfo.FeeProportionalMillionths, payInfo.CltvExpiryDelta));
    }

    [Fact]
    public void PayInfo_AggregatedInTheWrongOrder_WouldGiveADifferentBaseFee()
    {
        var reversed = BlindedPayInfo.Aggregate([.. Relays().AsEnumerable().Reverse()], 0);
        Assert.Equal(10104u, reversed.FeeBaseMsat);
    }

    [Fact]
    public void BlindedRoute_FromTheBlobsFields_MatchesTheVectorsRoute()
    {
        // Same writers as route-blinding-test.json: Bob-Carol from key 0x02..., Dave-Eve from 0x01....
        var hops = FullRoute[1..];
        var secrets = new[] { Repeat(0x02), null, Repeat(0x01), null };
        var realIds = RouteBlindingNodeIds();
        BlindedPath? path = null;
        for (var start = 0; start < hops.Length; start += 2)
        {
            var segment = hops[start..(start + 2)].Select((h, i) => new BlindedPathBuilder.Hop(realIds[start + i], Plaintext(h))).ToArray();
            var built = BlindedPathBuilder.BuildWithPathSecret(secrets[start]!, segment, out _);
            path = path is null ? built : path.Concatenate(built);
        }

        var expected = Generate.GetProperty("blinded_route");
        Assert.Equal(expected.GetProperty("first_node_id").GetString(), path!.FirstNodeId.ToHex());
        Assert.Equal(expected.GetProperty("first_path_key").GetString(), path.FirstPathKey.ToHex());
        var expectedHops = expected.GetProperty("hops").EnumerateArray().ToArray();
        for (var i = 0; i < expectedHops.Length; i++)
        {
            Assert.Equal(expectedHops[i].GetProperty("blinded_node_id").GetString(), path.Hops[i].BlindedNodeId.ToHex());
            Assert.Equal(expectedHops[i].HexOf("encrypted_data"), path.Hops[i].EncryptedData);
            Assert.Equal(79, path.Hops[i].EncryptedData.Length);
        }
    }

    [Fact]
    public void PayerPayloads_MatchEveryHopOfTheFullRoute()
    {
        var route = PayerRoute();
        Assert.Equal(110125UL, route.IntroductionAmountMsat);
        Assert.Equal(749150u, route.IntroductionCltvExpiry);

        var alice = new RelayPayload(route.IntroductionAmountMsat, route.IntroductionCltvExpiry, ShortChannelId.Parse("0x0x10"));
        Assert.Equal(FullRoute[0].HexOf("payload"), alice.EncodeWithLengthPrefix());
        for (var i = 0; i < route.Hops.Count; i++)
        {
            Assert.Equal(FullRoute[i + 1].GetProperty("pubkey").GetString(), route.Hops[i].NodeId.ToHex());
            Assert.Equal(Unframe(FullRoute[i + 1].HexOf("payload")), route.Hops[i].Payload.ToArray());
        }
    }

    [Fact]
    public void Onion_BuiltFromTheFullRoute_MatchesByteForByte()
    {
        Assert.Equal(Generate.HexOf("onion"), BuildOnion());
        Assert.Equal(Decrypt[0].HexOf("onion"), BuildOnion());
    }

    [Theory]
    [MemberData(nameof(DecryptHops))]
    public void Peel_EveryHop_GivesTheNextOnionAndNextPathKey(int hop)
    {
        var (packet, pathKey) = IncomingAt(hop);
        Assert.Equal(Decrypt[hop].HexOf("onion"), packet);
        using var key = PrivateKey.Create(Decrypt[hop].HexOf("node_privkey"));
        var result = BlindedOnionPeeler.Peel(key, pathKey, Generate.HexOf("associated_data"), packet);
        switch (hop)
        {
            case 0:
                Assert.Equal(BlindedPeelOutcome.Clear, result.Outcome);
                Assert.Equal(Decrypt[1].HexOf("onion"), result.Onion.NextPacket.ToArray());
                break;
            case 4:
                Assert.Equal(BlindedPeelOutcome.Final, result.Outcome);
                Assert.Equal((100000UL, 749000u, 150000UL), (result.Payload!.AmountToForwardMsat!.Value, result.Payload.OutgoingCltvValue!.Value, result.Payload.TotalAmountMsat!.Value));
                Assert.Equal(Convert.FromHexString("c9cf92f45ade68345bc20ae672e2012f4af487ed4415"), result.Hop!.Data.PathId);
                Assert.Equal(BlindingFailureReason.None, BlindedHopReader.TryUnblind(key, pathKey!.Value, result.Payload.EncryptedRecipientData, out var eve));
                Assert.Equal(Decrypt[hop].GetProperty("next_path_key").GetString(), eve!.NextPathKey!.Value.ToHex());
                break;
            default:
                Assert.Equal(BlindedPeelOutcome.Forward, result.Outcome);
                Assert.Equal(hop == 1, result.IsIntroduction);
                Assert.Equal(Decrypt[hop + 1].HexOf("onion"), result.Onion.NextPacket.ToArray());
                Assert.Equal(Decrypt[hop].GetProperty("next_path_key").GetString(), result.NextPathKey!.Value.ToHex());
                Assert.Equal(ShortChannelId.Parse(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"0x0x{hop}")), result.Hop!.Data.ShortChannelId);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(RelayAmounts))]
    public void RelayForward_FromPaymentRelay_MatchesTheChainDownTo100000(int hop, ulong received, uint receivedCltv, ulong forwarded, uint forwardedCltv)
    {
        var data = RecipientDataJson.Read(FullRoute[hop].GetProperty("tlvs").GetProperty("encrypted_recipient_data"));
        Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckRelay(data, received, receivedCltv, out var forward));
        Assert.Equal(new BlindedForward(forwarded, forwardedCltv), forward);
    }

    [Fact]
    public void Final_TheRecipientsConstraintsAcceptWhatArrives()
    {
        var data = RecipientDataJson.Read(FullRoute[4].GetProperty("tlvs").GetProperty("encrypted_recipient_data"));
        Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckCommon(data, 100000, 749000));
    }

    [Fact]
    public void Peel_TheWholeChain_SendsEachRelaysComputedAmountOn()
    {
        // Amounts travel outside the onion; each relay's forward is the next hop's incoming amount.
        ulong amount = PayerRoute().IntroductionAmountMsat;
        uint cltv = PayerRoute().IntroductionCltvExpiry;
        var (packet, _) = IncomingAt(1);
        PublicKey? pathKey = null;
        for (var hop = 1; hop <= 3; hop++)
        {
            using var key = PrivateKey.Create(Decrypt[hop].HexOf("node_privkey"));
            var result = BlindedOnionPeeler.Peel(key, pathKey, Generate.HexOf("associated_data"), packet);
            Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckRelay(result.Hop!.Data, amount, cltv, out var forward));
            (amount, cltv, packet, pathKey) = (forward.AmountMsat, forward.CltvExpiry, result.Onion.NextPacket.ToArray(), result.NextPathKey);
        }

        Assert.Equal((100000UL, 749000u), (amount, cltv));
    }

    /// <summary>The onion hop i receives and the path key its update_add_htlc carries (none for Alice and Bob).</summary>
    private static (byte[] Packet, PublicKey? PathKey) IncomingAt(int hop)
    {
        var packet = BuildOnion();
        PublicKey? pathKey = null;
        for (var i = 0; i < hop; i++)
        {
            using var key = PrivateKey.Create(Decrypt[i].HexOf("node_privkey"));
            var result = BlindedOnionPeeler.Peel(key, pathKey, Generate.HexOf("associated_data"), packet);
            packet = result.Onion.NextPacket.ToArray();
            pathKey = result.NextPathKey;
        }

        return (packet, pathKey);
    }

    private static byte[] BuildOnion()
    {
        var route = PayerRoute();
        var alice = new RelayPayload(route.IntroductionAmountMsat, route.IntroductionCltvExpiry, ShortChannelId.Parse("0x0x10"));
        OnionHop[] hops = [new(PublicKey.Parse(FullRoute[0].HexOf("pubkey")), alice.Encode()), .. route.Hops];
        Assert.True(OnionBuilder.TryCreateWithSessionKey(Generate.HexOf("session_key"), hops, Generate.HexOf("associated_data"), out var onion, out var refusal), refusal);
        return onion.Packet;
    }

    private static BlindedPaymentRoute PayerRoute()
    {
        var blinded = Generate.GetProperty("blinded_route");
        var path = new BlindedPath(
            PublicKey.Parse(blinded.HexOf("first_node_id")),
            PublicKey.Parse(blinded.HexOf("first_path_key")),
            [.. blinded.GetProperty("hops").EnumerateArray().Select(h => new BlindedPathHop(PublicKey.Parse(h.HexOf("blinded_node_id")), h.HexOf("encrypted_data")))]);
        var info = Generate.GetProperty("blinded_payinfo");
        var payInfo = new BlindedPayInfo(info.GetProperty("fee_base_msat").GetUInt32(), info.GetProperty("fee_proportional_millionths").GetUInt32(), info.GetProperty("cltv_expiry_delta").GetUInt32());
        var eve = FullRoute[^1].GetProperty("tlvs");
        return BlindedPaymentRoute.Create(path, payInfo, eve.GetProperty("amt_to_forward").GetUInt64(), eve.GetProperty("outgoing_cltv_value").GetUInt32(), eve.GetProperty("total_amount_msat").GetUInt64());
    }

    private static List<PaymentRelay> Relays() =>
        [.. FullRoute[1..4].Select(h => RecipientDataJson.Read(h.GetProperty("tlvs").GetProperty("encrypted_recipient_data")).PaymentRelay!.Value)];

    private static byte[] Plaintext(JsonElement hop) => RecipientDataJson.Read(hop.GetProperty("tlvs").GetProperty("encrypted_recipient_data")).Encode();

    /// <summary>The real ids of Bob, Carol, Dave and Eve (the payment vector names only their blinded ids).</summary>
    private static PublicKey[] RouteBlindingNodeIds() =>
        [.. VectorJson.Load("route-blinding-test.json").GetProperty("generate").GetProperty("hops").EnumerateArray().Select(h => PublicKey.Parse(h.HexOf("node_id")))];

    private static byte[] Unframe(byte[] framed)
    {
        Assert.Equal(BigSizeReadStatus.Ok, BigSize.TryRead(framed, out var length, out var prefix));
        Assert.Equal((ulong)(framed.Length - prefix), length);
        return framed[prefix..];
    }

    private static byte[] Repeat(byte value) => Enumerable.Repeat(value, 32).ToArray();
}
