using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Tests.Failures;

namespace LnRelay.Sphinx.Tests.Blinding;

/// <summary>
/// bolts' route-blinding-test.json, read unchanged: building (every intermediate value per
/// hop), the resulting route (two writers joined by Carol's next_path_key_override), and
/// unblinding at each hop.
/// </summary>
public sealed class RouteBlindingVectorTests
{
    private static readonly JsonElement Vector = VectorJson.Load("route-blinding-test.json");

    private static JsonElement[] GenerateHops => [.. Vector.GetProperty("generate").GetProperty("hops").EnumerateArray()];

    public static TheoryData<int> HopIndexes => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(HopIndexes))]
    public void Generate_FieldsEncodeToTheVectorsTlvs_AndDecodeBack(int hop)
    {
        var vector = GenerateHops[hop];
        var data = RecipientDataJson.Read(vector.GetProperty("tlvs"));
        var encoded = vector.HexOf("encoded_tlvs");
        Assert.Equal(encoded, data.Encode());

        Assert.True(RecipientData.TryParse(encoded, out var parsed, out _));
        Assert.Equal(encoded, parsed.Encode());
        Assert.Equal(encoded, RecipientDataJson.Read(JsonDocument.Parse(RecipientDataJson.Write(parsed).ToJsonString()).RootElement).Encode());
    }

    [Theory]
    [MemberData(nameof(HopIndexes))]
    public void Generate_EveryIntermediateValueMatches(int hop)
    {
        var trace = BuildTraces()[hop];
        var vector = GenerateHops[hop];
        Assert.True(Secp256k1.TryDerivePublicKey(vector.HexOf("path_privkey"), out var expectedPathKey));
        Assert.Equal(expectedPathKey.ToHex(), trace.PathKey.ToHex());
        Assert.Equal(vector.GetProperty("path_key").GetString(), trace.PathKey.ToHex());
        Assert.Equal(vector.HexOf("shared_secret"), trace.SharedSecret);
        Assert.Equal(vector.HexOf("rho"), trace.Rho);
        Assert.Equal(vector.HexOf("encrypted_data"), trace.EncryptedData);
        Assert.Equal(vector.GetProperty("blinded_node_id").GetString(), trace.BlindedNodeId.ToHex());
    }

    [Fact]
    public void Route_TwoWritersJoinedByTheOverride_MatchesTheVectorsRoute()
    {
        var path = BuildPath();
        var route = Vector.GetProperty("route");
        Assert.Equal(route.GetProperty("first_node_id").GetString(), path.FirstNodeId.ToHex());
        Assert.Equal(route.GetProperty("first_path_key").GetString(), path.FirstPathKey.ToHex());
        var hops = route.GetProperty("hops").EnumerateArray().ToArray();
        Assert.Equal(hops.Length, path.Hops.Count);
        for (var i = 0; i < hops.Length; i++)
        {
            Assert.Equal(hops[i].GetProperty("blinded_node_id").GetString(), path.Hops[i].BlindedNodeId.ToHex());
            Assert.Equal(hops[i].HexOf("encrypted_data"), path.Hops[i].EncryptedData);
        }
    }

    [Theory]
    [MemberData(nameof(HopIndexes))]
    public void Unblind_BlindedKeyPlaintextAndNextPathKey_MatchAtEveryHop(int hop)
    {
        var vector = Vector.GetProperty("unblind").GetProperty("hops")[hop];
        using var nodeKey = PrivateKey.Create(vector.HexOf("node_privkey"));
        var pathKey = PublicKey.Parse(vector.HexOf("path_key"));
        using var blinded = BlindedHopReader.DeriveBlindedPrivateKey(nodeKey, pathKey);
        Span<byte> secret = stackalloc byte[32];
        blinded.WriteSecret(secret);
        Assert.Equal(vector.HexOf("blinded_privkey"), secret.ToArray());
        Assert.Equal(GenerateHops[hop].GetProperty("blinded_node_id").GetString(), blinded.PublicKey.ToHex());

        var blob = Vector.GetProperty("route").GetProperty("hops")[hop].HexOf("encrypted_data");
        Assert.Equal(BlindingFailureReason.None, BlindedHopReader.TryUnblind(nodeKey, pathKey, blob, out var unblinded));
        Assert.Equal(vector.HexOf("decrypted_data"), unblinded!.Plaintext);
        Assert.Equal(vector.GetProperty("next_path_key").GetString(), unblinded.ComputedNextPathKey!.Value.ToHex());
        var forwarded = vector.TryGetProperty("next_path_key_override", out var overrideKey) ? overrideKey.GetString() : vector.GetProperty("next_path_key").GetString();
        Assert.Equal(forwarded, unblinded.NextPathKey!.Value.ToHex());
    }

    [Fact]
    public void Unblind_AtCarol_ForwardsTheOverrideNotTheComputedKey()
    {
        var carol = Vector.GetProperty("unblind").GetProperty("hops")[1];
        using var nodeKey = PrivateKey.Create(carol.HexOf("node_privkey"));
        var blob = Vector.GetProperty("route").GetProperty("hops")[1].HexOf("encrypted_data");
        BlindedHopReader.TryUnblind(nodeKey, PublicKey.Parse(carol.HexOf("path_key")), blob, out var hop);
        Assert.NotEqual(hop!.ComputedNextPathKey, hop.NextPathKey);
        Assert.Equal(Vector.GetProperty("unblind").GetProperty("hops")[2].GetProperty("path_key").GetString(), hop.NextPathKey!.Value.ToHex());
    }

    /// <summary>Each hop with a session_key starts a new writer's segment; the segments are concatenated.</summary>
    internal static (BlindedPath Path, List<BlindedHopBuildTrace> Traces) BuildSegments(JsonElement[] hops, Func<JsonElement, byte[]> plaintext)
    {
        BlindedPath? path = null;
        var traces = new List<BlindedHopBuildTrace>();
        var start = 0;
        while (start < hops.Length)
        {
            var end = start + 1;
            while (end < hops.Length && !hops[end].TryGetProperty("session_key", out _))
            {
                end++;
            }

            var segment = hops[start..end].Select(h => new BlindedPathBuilder.Hop(PublicKey.Parse(h.HexOf("node_id")), plaintext(h))).ToArray();
            var built = BlindedPathBuilder.BuildWithPathSecret(hops[start].HexOf("session_key"), segment, out var trace);
            traces.AddRange(trace);
            path = path is null ? built : path.Concatenate(built);
            start = end;
        }

        return (path!, traces);
    }

    private static List<BlindedHopBuildTrace> BuildTraces() => BuildSegments(GenerateHops, h => h.HexOf("encoded_tlvs")).Traces;

    private static BlindedPath BuildPath() => BuildSegments(GenerateHops, h => h.HexOf("encoded_tlvs")).Path;
}
