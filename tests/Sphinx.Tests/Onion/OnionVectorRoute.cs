using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>The route of onion-test.json's <c>generate</c> object, with payloads stripped of their BigSize prefix.</summary>
internal sealed record OnionVectorRoute(byte[] SessionKey, byte[] AssociatedData, OnionHop[] Hops, byte[][] PrivateKeys, byte[] Onion)
{
    public static OnionVectorRoute Load()
    {
        var root = OnionVectorFiles.OnionTest();
        var generate = root.GetProperty("generate");
        var hops = generate.GetProperty("hops").EnumerateArray().Select(ToHop).ToArray();
        var keys = root.GetProperty("decode").EnumerateArray().Select(k => Convert.FromHexString(k.GetString()!)).ToArray();
        return new OnionVectorRoute(generate.Hex("session_key"), generate.Hex("associated_data"), hops, keys, root.Hex("onion"));
    }

    private static OnionHop ToHop(JsonElement hop)
    {
        var prefixed = hop.Hex("payload");
        Assert.Equal(BigSizeReadStatus.Ok, BigSize.TryRead(prefixed, out var length, out var consumed));
        Assert.Equal((ulong)(prefixed.Length - consumed), length);
        return new OnionHop(PublicKey.Parse(hop.Hex("pubkey")), prefixed.AsMemory(consumed));
    }
}
