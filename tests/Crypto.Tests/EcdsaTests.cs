using System.Globalization;
using System.Numerics;
using System.Text;

namespace LnRelay.Crypto.Tests;

/// <summary>ECDSA over secp256k1: RFC 6979 known answers, round trip, tampering, high-S and malformed input.</summary>
public sealed class EcdsaTests
{
    private const string GroupOrder = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    /// <summary>
    /// RFC 6979 (HMAC-SHA256 nonce) signatures over SHA256(message), low-S, as compact R || S.
    /// Source: decred/dcrd, dcrec/secp256k1/signature_test.go, TestRFC6979Compat
    /// (commit 04272a79c4e8a34493e39b48ce20e6ed1a80beb5), whose vectors "match Trezor and
    /// CoreBitcoin implementations" (trezor-crypto tests.c, CoreBitcoin BTCKey+Tests.m);
    /// there they are DER, here the same R and S in compact form. The second row is the one
    /// whose raw RFC 6979 S is high, so it also checks that signing normalises.
    /// </summary>
    public static TheoryData<string, string, string> Rfc6979Vectors => new()
    {
        {
            "cca9fbcc1b41e5a95d369eaa6ddcff73b61a4efaa279cfc6567e8daa39cbaf50",
            "sample",
            "af340daf02cc15c8d5d08d7735dfe6b98a474ed373bdb5fbecf7571be52b3842" + "5009fb27f37034a9b24b707b7c6b79ca23ddef9e25f7282e8a797efe53a8f124"
        },
        {
            "0000000000000000000000000000000000000000000000000000000000000001",
            "Satoshi Nakamoto",
            "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8" + "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"
        },
        {
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
            "Satoshi Nakamoto",
            "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0" + "6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5"
        },
        {
            "f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181",
            "Alan Turing",
            "7063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c" + "58dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea"
        },
        {
            "0000000000000000000000000000000000000000000000000000000000000001",
            "All those moments will be lost in time, like tears in rain. Time to die...",
            "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b" + "547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21"
        },
        {
            "e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2",
            "There is a computer disease that anybody who works with computers knows about. It's a very serious disease and it interferes completely with the work. The trouble with computers is that you 'play' with them!",
            "b552edd27580141f3b2a5463048cb7cd3e047b97c9f98076c32dbdf85a68718b" + "279fa72dd19bfae05577e06c7c0c1900c371fcd5893f7e1d56a37d30174671f6"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc6979Vectors))]
    public void Rfc6979_vector_signs_byte_exact_and_verifies(string secretHex, string message, string expectedHex)
    {
        using var key = PrivateKey.Create(Convert.FromHexString(secretHex));
        var hash = Hashes.Sha256(Encoding.UTF8.GetBytes(message));
        var signature = new byte[EcdsaSignature.Size];

        key.SignEcdsa(hash, signature);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(signature));
        Assert.True(EcdsaSignature.IsLowS(signature));
        Assert.True(key.PublicKey.VerifyEcdsa(signature, hash));
    }

    [Fact]
    public void Signing_is_deterministic_and_verifies_only_with_the_signers_key()
    {
        using var key = PrivateKey.Generate();
        using var other = PrivateKey.Generate();
        var hash = Hashes.Sha256("lnrelay ecdsa"u8);
        var first = new byte[EcdsaSignature.Size];
        var second = new byte[EcdsaSignature.Size];

        key.SignEcdsa(hash, first);
        key.SignEcdsa(hash, second);

        Assert.Equal(first, second);
        Assert.True(key.PublicKey.VerifyEcdsa(first, hash));
        Assert.False(other.PublicKey.VerifyEcdsa(first, hash));
    }

    [Fact]
    public void Every_flipped_bit_of_signature_or_hash_is_refused()
    {
        using var key = PrivateKey.Create(Convert.FromHexString("e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2"));
        var hash = Hashes.Sha256("flip"u8);
        var signature = new byte[EcdsaSignature.Size];
        key.SignEcdsa(hash, signature);

        for (int bit = 0; bit < signature.Length * 8; bit++)
        {
            var tampered = (byte[])signature.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(key.PublicKey.VerifyEcdsa(tampered, hash), $"signature bit {bit}");
        }

        for (int bit = 0; bit < hash.Length * 8; bit++)
        {
            var tampered = (byte[])hash.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(key.PublicKey.VerifyEcdsa(signature, tampered), $"hash bit {bit}");
        }
    }

    [Fact]
    public void High_s_form_of_a_valid_signature_is_refused_and_normalises_back()
    {
        using var key = PrivateKey.Create(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"));
        var hash = Hashes.Sha256("Satoshi Nakamoto"u8);
        var low = new byte[EcdsaSignature.Size];
        key.SignEcdsa(hash, low);
        var high = WithNegatedS(low);

        // n - S for the vector above, as printed by bitcoinj before normalisation.
        Assert.Equal("dbbd3162d46e9f9bef7feb87c16dc13b4f6568a87f4e83f728e2443ba586675c", Convert.ToHexStringLower(high.AsSpan(EcdsaSignature.ScalarSize)));
        Assert.False(EcdsaSignature.IsLowS(high));
        Assert.False(key.PublicKey.VerifyEcdsa(high, hash));

        var normalised = new byte[EcdsaSignature.Size];
        Assert.True(EcdsaSignature.TryNormalize(high, normalised));
        Assert.Equal(low, normalised);
        Assert.True(EcdsaSignature.TryNormalize(low, normalised));
        Assert.Equal(low, normalised);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Signature_of_wrong_length_is_refused(int length)
    {
        using var key = PrivateKey.Generate();
        var hash = Hashes.Sha256("length"u8);
        var signature = new byte[Math.Max(length, EcdsaSignature.Size)];
        key.SignEcdsa(hash, signature);

        Assert.False(key.PublicKey.VerifyEcdsa(signature.AsSpan(0, length), hash));
        Assert.False(EcdsaSignature.IsLowS(signature.AsSpan(0, length)));
        Assert.False(EcdsaSignature.TryNormalize(signature.AsSpan(0, length), new byte[EcdsaSignature.Size]));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Hash_of_wrong_length_is_refused_by_verify_and_misuse_for_sign(int length)
    {
        using var key = PrivateKey.Generate();
        var hash = Hashes.Sha256("length"u8);
        var signature = new byte[EcdsaSignature.Size];
        key.SignEcdsa(hash, signature);
        var wrong = new byte[length];
        hash.AsSpan(0, Math.Min(length, hash.Length)).CopyTo(wrong);

        Assert.False(key.PublicKey.VerifyEcdsa(signature, wrong));
        Assert.Throws<ArgumentException>(() => key.SignEcdsa(wrong, signature));
        Assert.Throws<ArgumentException>(() => key.SignEcdsa(hash, new byte[EcdsaSignature.Size - 1]));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5")] // R = 0
    [InlineData("934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8", "0000000000000000000000000000000000000000000000000000000000000000")] // S = 0
    [InlineData(GroupOrder, "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5")] // R = n
    [InlineData("934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8", GroupOrder)] // S = n
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Out_of_range_scalars_are_refused_without_exceptions(string r, string s)
    {
        using var key = PrivateKey.Create(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"));
        var hash = Hashes.Sha256("Satoshi Nakamoto"u8);
        var signature = Convert.FromHexString(r + s);

        Assert.False(key.PublicKey.VerifyEcdsa(signature, hash));
    }

    [Fact]
    public void Random_signatures_and_hashes_never_throw_and_never_verify()
    {
        var random = new Random(20260323);
        using var key = PrivateKey.Generate();
        var signature = new byte[EcdsaSignature.Size + 1];
        var hash = new byte[KeySizes.Hash + 1];
        var normalised = new byte[EcdsaSignature.Size];
        for (int i = 0; i < 5_000; i++)
        {
            random.NextBytes(signature);
            random.NextBytes(hash);
            var sigLength = i % 7 == 0 ? random.Next(signature.Length + 1) : EcdsaSignature.Size;
            var hashLength = i % 11 == 0 ? random.Next(hash.Length + 1) : KeySizes.Hash;

            Assert.False(key.PublicKey.VerifyEcdsa(signature.AsSpan(0, sigLength), hash.AsSpan(0, hashLength)));
            _ = EcdsaSignature.IsLowS(signature.AsSpan(0, sigLength));
            _ = EcdsaSignature.TryNormalize(signature.AsSpan(0, sigLength), normalised);
        }
    }

    private static byte[] WithNegatedS(byte[] signature)
    {
        var order = BigInteger.Parse("0" + GroupOrder, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var s = new BigInteger(signature.AsSpan(EcdsaSignature.ScalarSize), isUnsigned: true, isBigEndian: true);
        var negated = (order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        var sPart = result.AsSpan(EcdsaSignature.ScalarSize);
        sPart.Clear();
        negated.CopyTo(sPart[(EcdsaSignature.ScalarSize - negated.Length)..]);
        return result;
    }
}
