using NBitcoin.Secp256k1;

namespace LnRelay.Crypto.Differential.Tests;

/// <summary>
/// Every secp256k1 operation of src/Crypto (native libsecp256k1) against NBitcoin.Secp256k1,
/// an independent managed implementation, on thousands of seeded random inputs: both must
/// give the same bytes, or refuse the same inputs.
/// </summary>
public sealed class DifferentialTests
{
    private const int Rounds = 2_000;

    /// <summary>Seeded so a failure replays; the seed is in the failure message.</summary>
    private const int Seed = 9735;

    private static readonly Context Managed = Context.Instance;

    private static byte[] RandomBytes(Random random, int n)
    {
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RandomSecret(Random random)
    {
        while (true)
        {
            var secret = RandomBytes(random, 32);
            if (Secp256k1.IsValidSecret(secret))
            {
                return secret;
            }
        }
    }

    private static byte[] Compressed(ECPubKey key)
    {
        var bytes = new byte[33];
        key.WriteToSpan(true, bytes, out _);
        return bytes;
    }

    [Fact]
    public void PublicKeys_AreTheSame()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Rounds; i++)
        {
            var secret = RandomSecret(random);
            using var ours = PrivateKey.Create(secret);
            Assert.True(Managed.TryCreateECPrivKey(secret, out var theirs), $"seed {Seed} round {i}");

            Assert.Equal(Compressed(theirs!.CreatePubKey()), ours.PublicKey.ToBytes());
        }
    }

    [Fact]
    public void SecretValidity_IsTheSame_IncludingZeroTheOrderAndAbove()
    {
        var random = new Random(Seed);
        var order = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
        var edges = new List<byte[]> { new byte[32], order, Enumerable.Repeat((byte)0xff, 32).ToArray(), order[..31].Append((byte)0x40).ToArray(), new byte[31].Append((byte)1).ToArray() };
        edges.AddRange(Enumerable.Range(0, Rounds).Select(_ => RandomBytes(random, 32)));
        foreach (var secret in edges)
        {
            Assert.Equal(Managed.TryCreateECPrivKey(secret, out _), Secp256k1.IsValidSecret(secret));
        }
    }

    [Fact]
    public void PublicKeyParsing_AcceptsAndRefusesTheSame()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Rounds; i++)
        {
            // Valid keys, then the same with a flipped prefix (02/03 swapped, or an invalid 04/05/00), then random bytes.
            using var key = PrivateKey.Create(RandomSecret(random));
            var valid = key.PublicKey.ToBytes();
            var inputs = new[] { valid, [(byte)(valid[0] ^ 1), .. valid[1..]], [(byte)random.Next(256), .. valid[1..]], RandomBytes(random, 33) };
            foreach (var input in inputs)
            {
                var theirs = ECPubKey.TryCreate(input, Managed, out var compressed, out var parsed) && compressed;
                var ours = PublicKey.TryParse(input, out var mine);
                Assert.Equal(theirs, ours);
                if (ours)
                {
                    Assert.Equal(Compressed(parsed!), mine.ToBytes());
                }
            }
        }
    }

    [Fact]
    public void Ecdh_IsSha256OfTheSameCompressedPoint()
    {
        var random = new Random(Seed);
        Span<byte> ours = stackalloc byte[32];
        for (var i = 0; i < Rounds; i++)
        {
            var a = RandomSecret(random);
            using var b = PrivateKey.Create(RandomSecret(random));
            Assert.True(Secp256k1.TryEcdh(a, b.PublicKey, ours));

            Assert.True(ECPubKey.TryCreate(b.PublicKey.ToBytes(), Managed, out _, out var point));
            Assert.True(Managed.TryCreateECPrivKey(a, out var scalar));
            var shared = point!.GetSharedPubkey(scalar!);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(Compressed(shared)), ours.ToArray());
        }
    }

    [Fact]
    public void Tweaks_MultiplyPublicAndSecretKeysTheSame()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Rounds; i++)
        {
            var secret = RandomSecret(random);
            var tweak = RandomSecret(random);
            using var key = PrivateKey.Create(secret);
            Assert.True(key.PublicKey.TryMultiply(tweak, out var tweakedPublic));
            var tweakedSecret = (byte[])secret.Clone();
            Assert.True(Secp256k1.TryMultiplySecret(tweakedSecret, tweak));

            Assert.True(ECPubKey.TryCreate(key.PublicKey.ToBytes(), Managed, out _, out var theirsPublic));
            Assert.Equal(Compressed(theirsPublic!.TweakMul(tweak)), tweakedPublic.ToBytes());
            Assert.True(Managed.TryCreateECPrivKey(secret, out var theirsSecret));
            var managedTweaked = new byte[32];
            theirsSecret!.TweakMul(tweak).WriteToSpan(managedTweaked);
            Assert.Equal(managedTweaked, tweakedSecret);
        }
    }

    [Fact]
    public void Ecdsa_Rfc6979Signatures_AreTheSame_AndEachVerifiesTheOther()
    {
        var random = new Random(Seed);
        Span<byte> ours = stackalloc byte[64];
        for (var i = 0; i < Rounds; i++)
        {
            var secret = RandomSecret(random);
            var hash = RandomBytes(random, 32);
            using var key = PrivateKey.Create(secret);
            key.SignEcdsa(hash, ours);

            Assert.True(Managed.TryCreateECPrivKey(secret, out var theirs));
            Assert.True(theirs!.TrySignECDSA(hash, out var signature));
            var compact = new byte[64];
            signature!.WriteCompactToSpan(compact);
            Assert.Equal(compact, ours.ToArray());
            Assert.True(key.PublicKey.VerifyEcdsa(compact, hash));
            Assert.True(theirs.CreatePubKey().SigVerify(signature, hash));

            // A flipped bit fails both.
            compact[random.Next(64)] ^= (byte)(1 << random.Next(8));
            Assert.False(key.PublicKey.VerifyEcdsa(compact, hash));
        }
    }

    [Fact]
    public void Bip340_SignaturesOf32ByteMessagesAreTheSame_AndEachVerifiesTheOther()
    {
        var random = new Random(Seed);
        Span<byte> ours = stackalloc byte[64];
        for (var i = 0; i < Rounds; i++)
        {
            var secret = RandomSecret(random);
            var message = RandomBytes(random, 32);
            var aux = RandomBytes(random, 32);
            using var key = PrivateKey.Create(secret);
            key.SignSchnorr(message, aux, ours);

            Assert.True(Managed.TryCreateECPrivKey(secret, out var theirs));
            var signature = theirs!.SignBIP340(message, new BIP340NonceFunction(aux));
            var bytes = new byte[64];
            signature.WriteToSpan(bytes);
            Assert.Equal(bytes, ours.ToArray());

            var xonly = theirs.CreateXOnlyPubKey();
            var xonlyBytes = new byte[32];
            xonly.WriteToSpan(xonlyBytes);
            Assert.True(XOnlyPublicKey.TryParse(xonlyBytes, out var ourXOnly));
            Assert.True(ourXOnly.VerifySchnorr(bytes, message));
            Assert.True(xonly.SigVerifyBIP340(signature, message));
            Assert.Equal(xonlyBytes, key.PublicKey.ToXOnly().ToBytes());
        }
    }
}
