namespace LnRelay.Crypto.Tests;

/// <summary>Invalid secrets, points, tweaks and lengths give declared failures, never a crash.</summary>
public sealed class InvalidInputTests
{
    private const string Order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    private const string OrderPlusOne = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142";
    private const string FieldPrime = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
    private const string ValidNodeKey = "02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619";

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(Order)]
    [InlineData(OrderPlusOne)]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("01")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000001")]
    public void Invalid_secrets_are_refused(string hex)
    {
        var secret = Convert.FromHexString(hex);
        Assert.False(Secp256k1.IsValidSecret(secret));
        Assert.False(PrivateKey.TryCreate(secret, out _));
        Assert.False(Secp256k1.TryDerivePublicKey(secret, out _));
        Assert.False(Secp256k1.TryEcdh(secret, PublicKey.Parse(Convert.FromHexString(ValidNodeKey)), new byte[32]));
        Assert.Throws<ArgumentException>(() => PrivateKey.Create(secret));
    }

    [Theory]
    [InlineData("")] // empty
    [InlineData("00")] // the point at infinity has no compressed encoding
    [InlineData("04eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619")] // uncompressed prefix, compressed length
    [InlineData("05eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619")] // hybrid/unknown prefix
    [InlineData("00eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619")] // zero prefix
    [InlineData("02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f2836866")] // 32 bytes
    [InlineData("02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f28368661900")] // 34 bytes
    [InlineData("02eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34")] // X not on the curve (BIP340 row 5)
    [InlineData("02" + FieldPrime)] // X = p
    [InlineData("03ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // X > p
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000000")] // odd hex length guard below
    public void Invalid_points_are_refused(string hex)
    {
        if (hex.Length % 2 == 1)
        {
            Assert.False(PublicKey.TryParseHex(hex, out _));
            return;
        }

        var bytes = Convert.FromHexString(hex);
        Assert.False(PublicKey.TryParse(bytes, out var key));
        Assert.False(key.IsValid);
        Assert.Throws<FormatException>(() => PublicKey.Parse(bytes));
        Assert.False(PublicKey.TryParseHex(hex, out _));
    }

    [Fact]
    public void Uncompressed_encodings_are_refused_even_when_on_the_curve()
    {
        // G, uncompressed: the protocols here only ever carry compressed points.
        var g = Convert.FromHexString(
            "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
        Assert.False(PublicKey.TryParse(g, out _));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(Order)]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("0102")]
    public void Invalid_tweaks_are_refused_and_leave_the_secret_unchanged(string hex)
    {
        var tweak = Convert.FromHexString(hex);
        var point = PublicKey.Parse(Convert.FromHexString(ValidNodeKey));
        Assert.False(point.TryMultiply(tweak, out _));

        var secret = Enumerable.Repeat((byte)0x41, 32).ToArray();
        Assert.False(Secp256k1.TryMultiplySecret(secret, tweak));
        Assert.Equal(Enumerable.Repeat((byte)0x41, 32).ToArray(), secret);
    }

    [Fact]
    public void Default_public_key_is_not_a_key()
    {
        var none = default(PublicKey);
        Assert.False(none.IsValid);
        Assert.Throws<InvalidOperationException>(() => none.ToBytes());
        Assert.False(Secp256k1.TryEcdh(new byte[32] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, none, new byte[32]));
        Assert.Equal("(no key)", none.ToString());
    }

    [Fact]
    public void A_disposed_key_refuses_to_be_used()
    {
        var key = PrivateKey.Generate();
        var pub = key.PublicKey;
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.TryEcdh(pub, new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => key.SignSchnorr(new byte[32], new byte[64]));
        Assert.Throws<ObjectDisposedException>(() => key.WriteSecret(new byte[32]));
    }

    [Fact]
    public void Keys_round_trip_and_compare_by_value()
    {
        using var key = PrivateKey.Generate();
        var secret = new byte[32];
        key.WriteSecret(secret);
        using var again = PrivateKey.Create(secret);
        Assert.Equal(key.PublicKey, again.PublicKey);
        Assert.Equal(key.PublicKey.GetHashCode(), again.PublicKey.GetHashCode());
        Assert.True(PublicKey.TryParseHex(key.PublicKey.ToHex(), out var parsed));
        Assert.Equal(key.PublicKey, parsed);
        using var other = PrivateKey.Generate();
        Assert.NotEqual(key.PublicKey, other.PublicKey);
    }

    [Fact]
    public void Seeded_random_points_only_parse_or_fail()
    {
        var random = new Random(20261120);
        var bytes = new byte[33];
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            bytes[0] = (byte)(i % 4 == 0 ? random.Next(256) : 2 + (i & 1));
            if (PublicKey.TryParse(bytes, out var key))
            {
                parsed++;
                Assert.Equal(bytes, key.ToBytes());
            }
        }

        // About half of random X coordinates are on the curve.
        Assert.InRange(parsed, 5_000, 10_000);
    }
}
