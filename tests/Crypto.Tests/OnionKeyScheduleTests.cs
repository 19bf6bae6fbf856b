namespace LnRelay.Crypto.Tests;

/// <summary>
/// ECDH, ephemeral keys and blinding factors for all five hops of BOLT 4
/// onion-test.json, checked against derived-onion-test-intermediates.json.
/// </summary>
public sealed class OnionKeyScheduleTests
{
    public static TheoryData<int> Hops => [0, 1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(Hops))]
    public void Ecdh_from_both_sides_gives_the_vector_shared_secret(int hop)
    {
        var h = Vectors.Json("derived-onion-test-intermediates.json").GetProperty("hops")[hop];
        var expected = h.Hex("shared_secret");

        Span<byte> fromOrigin = stackalloc byte[32];
        Assert.True(Secp256k1.TryEcdh(h.Hex("ephemeral_privkey_used_by_origin"), PublicKey.Parse(h.Hex("node_pubkey")), fromOrigin));
        Assert.Equal(expected, fromOrigin.ToArray());

        using var node = PrivateKey.Create(h.Hex("node_privkey"));
        Span<byte> fromHop = stackalloc byte[32];
        Assert.True(node.TryEcdh(PublicKey.Parse(h.Hex("ephemeral_pubkey_in_packet")), fromHop));
        Assert.Equal(expected, fromHop.ToArray());
    }

    [Theory]
    [MemberData(nameof(Hops))]
    public void Ephemeral_public_key_is_derived_from_the_ephemeral_secret(int hop)
    {
        var h = Vectors.Json("derived-onion-test-intermediates.json").GetProperty("hops")[hop];
        Assert.True(Secp256k1.TryDerivePublicKey(h.Hex("ephemeral_privkey_used_by_origin"), out var pub));
        Assert.Equal(h.Hex("ephemeral_pubkey_in_packet"), pub.ToBytes());
        Assert.Equal(h.Hex("node_pubkey"), PrivateKey.Create(h.Hex("node_privkey")).PublicKey.ToBytes());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Blinding_the_secret_and_the_point_gives_the_next_hops_ephemeral_key(int hop)
    {
        var hops = Vectors.Json("derived-onion-test-intermediates.json").GetProperty("hops");
        var h = hops[hop];
        var next = hops[hop + 1];

        // b = SHA256(E || ss) (BOLT 4 "Blinding Ephemeral Onion Keys").
        var blinding = new byte[32];
        Hashes.Sha256(h.Hex("ephemeral_pubkey_in_packet"), h.Hex("shared_secret"), blinding);
        Assert.Equal(h.Hex("blinding_factor"), blinding);

        var secret = h.Hex("ephemeral_privkey_used_by_origin");
        Assert.True(Secp256k1.TryMultiplySecret(secret, blinding));
        Assert.Equal(next.Hex("ephemeral_privkey_used_by_origin"), secret);

        Assert.True(PublicKey.Parse(h.Hex("ephemeral_pubkey_in_packet")).TryMultiply(blinding, out var nextPoint));
        Assert.Equal(next.Hex("ephemeral_pubkey_in_packet"), nextPoint.ToBytes());
    }

    [Fact]
    public void Native_self_test_passes_on_this_machine() => NativeCrypto.EnsureAvailable();
}
