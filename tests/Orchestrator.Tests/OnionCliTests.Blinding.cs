using System.Text.Json;
using LnRelay.Sphinx.Blinding;

namespace LnRelay.Orchestrator.Tests;

/// <summary>The route-blinding side of the <c>onion</c> verbs (blind, create for a blinded payment, peel --path-key), against the official files unchanged.</summary>
public sealed partial class OnionCliTests
{
    [Fact]
    public async Task Blind_RouteBlindingTestJson_PrintsItsRouteExactly()
    {
        var (code, output, error) = await Run("onion", "blind", VectorPath("route-blinding-test.json"));
        Assert.True(code == 0, error);
        var expected = Vector("route-blinding-test.json").GetProperty("route");
        Assert.Equal(expected.GetProperty("first_node_id").GetString(), output!.Value.GetProperty("first_node_id").GetString());
        Assert.Equal(expected.GetProperty("first_path_key").GetString(), output.Value.GetProperty("first_path_key").GetString());
        var hops = output.Value.GetProperty("hops").EnumerateArray().ToArray();
        var expectedHops = expected.GetProperty("hops").EnumerateArray().ToArray();
        Assert.Equal(expectedHops.Length, hops.Length);
        for (var i = 0; i < hops.Length; i++)
        {
            Assert.Equal(expectedHops[i].GetProperty("blinded_node_id").GetString(), hops[i].GetProperty("blinded_node_id").GetString());
            Assert.Equal(expectedHops[i].GetProperty("encrypted_data").GetString(), hops[i].GetProperty("encrypted_data").GetString());
        }
    }

    [Fact]
    public async Task Blind_FromFieldsOnly_GivesTheSameRoute()
    {
        var generate = Vector("route-blinding-test.json").GetProperty("generate");
        var fieldsOnly = new
        {
            hops = generate.GetProperty("hops").EnumerateArray().Select(h => h.TryGetProperty("session_key", out var key)
                ? (object)new { session_key = key.GetString(), node_id = h.GetProperty("node_id").GetString(), tlvs = h.GetProperty("tlvs") }
                : new { node_id = h.GetProperty("node_id").GetString(), tlvs = h.GetProperty("tlvs") }).ToArray(),
        };
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(fieldsOnly));
            var (code, output, error) = await Run("onion", "blind", file);
            Assert.True(code == 0, error);
            var route = Vector("route-blinding-test.json").GetProperty("route").GetProperty("hops");
            Assert.Equal(route[3].GetProperty("encrypted_data").GetString(), output!.Value.GetProperty("hops")[3].GetProperty("encrypted_data").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Blind_WithPad_GivesEveryBlobOneLength()
    {
        var (code, output, error) = await Run("onion", "blind", "--pad", VectorPath("route-blinding-test.json"));
        Assert.True(code == 0, error);
        Assert.Single(output!.Value.GetProperty("hops").EnumerateArray().Select(h => h.GetProperty("encrypted_data").GetString()!.Length).Distinct());
    }

    [Fact]
    public async Task Blind_DisagreeingTlvsAndEncodedTlvs_IsAUsageErrorNamingTheHop()
    {
        var text = File.ReadAllText(VectorPath("route-blinding-test.json")).Replace("\"max_cltv_expiry\": 748005", "\"max_cltv_expiry\": 748006", StringComparison.Ordinal);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, text);
            var (code, _, error) = await Run("onion", "blind", file);
            Assert.Equal(2, code);
            Assert.Contains("hops[0]", error, StringComparison.Ordinal);
            Assert.Contains("encoded_tlvs", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Create_FromBlindedPaymentOnionTestJson_PrintsTheExactOnionAsThePayer()
    {
        var (code, output, error) = await Run("onion", "create", VectorPath("blinded-payment-onion-test.json"));
        Assert.True(code == 0, error);
        var generate = Vector("blinded-payment-onion-test.json").GetProperty("generate");
        Assert.Equal(generate.GetProperty("onion").GetString(), output!.Value.GetProperty("onion").GetString());
        Assert.Equal(110125UL, output.Value.GetProperty("introduction_amount_msat").GetUInt64());
        Assert.Equal(749150u, output.Value.GetProperty("introduction_cltv_expiry").GetUInt32());
        Assert.Equal(4, output.Value.GetProperty("blinded_hops").GetInt32());
    }

    [Fact]
    public async Task Peel_BlindedPaymentOnion_EveryHopThroughTheCommand()
    {
        var vector = Vector("blinded-payment-onion-test.json");
        var hops = vector.GetProperty("decrypt").GetProperty("hops").EnumerateArray().ToArray();
        var fullRoute = vector.GetProperty("generate").GetProperty("full_route").GetProperty("hops").EnumerateArray().ToArray();
        var onion = hops[0].GetProperty("onion").GetString()!;
        string? pathKey = null;
        for (var i = 0; i < hops.Length; i++)
        {
            Assert.Equal(hops[i].GetProperty("onion").GetString(), onion);
            string[] args = ["onion", "peel", "--privkey", hops[i].GetProperty("node_privkey").GetString()!, "--assoc-data", AssociatedData, "--onion", onion];
            var (code, output, error) = await Run(pathKey is null ? args : [.. args, "--path-key", pathKey]);
            Assert.True(code == 0, error);
            var result = output!.Value;
            if (i == 0)
            {
                Assert.False(result.TryGetProperty("blinded", out _));
                onion = result.GetProperty("next_onion").GetString()!;
                continue;
            }

            var blinded = result.GetProperty("blinded");
            Assert.Equal(i == 1 ? "introduction" : i == 4 ? "final" : "relay", blinded.GetProperty("role").GetString());
            var expectedData = RecipientDataJson.Read(fullRoute[i].GetProperty("tlvs").GetProperty("encrypted_recipient_data")).Encode();
            Assert.Equal(Convert.ToHexStringLower(expectedData), blinded.GetProperty("recipient_data_hex").GetString());
            Assert.Equal(expectedData, RecipientDataJson.Read(blinded.GetProperty("recipient_data")).Encode());
            if (i < 4)
            {
                Assert.Equal(hops[i].GetProperty("next_path_key").GetString(), blinded.GetProperty("next_path_key").GetString());
                onion = result.GetProperty("next_onion").GetString()!;
                pathKey = blinded.GetProperty("next_path_key").GetString();
            }
            else
            {
                Assert.Equal(100000UL, blinded.GetProperty("amt_to_forward").GetUInt64());
                Assert.Equal(150000UL, blinded.GetProperty("total_amount_msat").GetUInt64());
            }
        }
    }

    [Fact]
    public async Task Peel_BlindedHopWithAWrongPathKey_IsInvalidOnionBlinding()
    {
        var hops = Vector("blinded-payment-onion-test.json").GetProperty("decrypt").GetProperty("hops");
        var (code, output, _) = await Run(
            "onion", "peel", "--privkey", hops[2].GetProperty("node_privkey").GetString()!, "--assoc-data", AssociatedData,
            "--onion", hops[2].GetProperty("onion").GetString()!, "--path-key", hops[3].GetProperty("next_path_key").GetString()!);
        Assert.Equal(1, code);
        Assert.Equal("invalid_onion_blinding", output!.Value.GetProperty("error").GetString());
        Assert.Equal(0xC018, output.Value.GetProperty("failure_code").GetInt32());
    }
}
