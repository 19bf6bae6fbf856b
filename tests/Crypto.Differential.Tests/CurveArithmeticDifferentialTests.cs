using NBitcoin.Secp256k1;

namespace LnRelay.Crypto.Differential.Tests;

/// <summary>
/// The point-lock arithmetic of <see cref="CurveArithmetic"/> (native libsecp256k1's
/// seckey_tweak_add, seckey_negate, pubkey_tweak_add, pubkey_combine) against NBitcoin.Secp256k1's
/// managed scalars and points, on seeded random inputs and the edges (zero, the order, a sum of 0,
/// a point plus its own negation): the same bytes, or the same refusal. Together with
/// tests/vectors/ptlc-vectors.json this ties lnrelay's PTLC vectors to a second implementation.
/// </summary>
public sealed class CurveArithmeticDifferentialTests
{
    private const int Rounds = 500;
    private const int Seed = 71324;
    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    private static readonly Context Managed = Context.Instance;

    private static byte[] RandomSecret(Random random)
    {
        var secret = new byte[32];
        do
        {
            random.NextBytes(secret);
        }
        while (!Secp256k1.IsValidSecret(secret));
        return secret;
    }

    private static byte[] Bytes(Scalar scalar)
    {
        var bytes = new byte[32];
        scalar.WriteToSpan(bytes);
        return bytes;
    }

    private static byte[] Compressed(ECPubKey key)
    {
        var bytes = new byte[33];
        key.WriteToSpan(true, bytes, out _);
        return bytes;
    }

    private static Scalar ManagedScalar(byte[] bytes) => new(bytes, out _);

    [Fact]
    public void ScalarSumsAndDifferences_AreTheSame()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Rounds; i++)
        {
            var a = RandomSecret(random);
            var b = RandomSecret(random);
            var sum = new byte[32];
            var difference = new byte[32];
            var negated = new byte[32];
            Assert.True(CurveArithmetic.TryAddScalars(a, b, sum), $"seed {Seed} round {i}");
            Assert.True(CurveArithmetic.TrySubtractScalars(a, b, difference));
            Assert.True(CurveArithmetic.TryNegateScalar(b, negated));

            Assert.Equal(Bytes(ManagedScalar(a).Add(ManagedScalar(b))), sum);
            Assert.Equal(Bytes(ManagedScalar(a).Add(ManagedScalar(b).Negate())), difference);
            Assert.Equal(Bytes(ManagedScalar(b).Negate()), negated);

            // And NBitcoin's own key-tweak API, the one PTLC drafts build on.
            Assert.True(Managed.TryCreateECPrivKey(a, out var key));
            Assert.True(key!.TryTweakAdd(b, out var tweaked));
            Assert.Equal(Compressed(tweaked!.CreatePubKey()), Secp256k1.TryDerivePublicKey(sum, out var point) ? point.ToBytes() : null);
        }
    }

    [Fact]
    public void PointTweaksAndCombinations_AreTheSame()
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < Rounds; i++)
        {
            var p = RandomSecret(random);
            var t = RandomSecret(random);
            var q = RandomSecret(random);
            Assert.True(Secp256k1.TryDerivePublicKey(p, out var ours));
            Assert.True(Secp256k1.TryDerivePublicKey(q, out var oursQ));
            Assert.True(Managed.TryCreateECPrivKey(p, out var theirsKey));
            Assert.True(Managed.TryCreateECPrivKey(q, out var theirsQ));
            var theirs = theirsKey!.CreatePubKey();

            Assert.True(CurveArithmetic.TryAddTweak(ours, t, out var tweaked));
            Assert.Equal(Compressed(theirs.AddTweak(t)), tweaked.ToBytes());

            Assert.True(CurveArithmetic.TrySubtractTweak(tweaked, t, out var back));
            Assert.Equal(ours, back);

            Assert.True(CurveArithmetic.TryCombine([ours, oursQ, tweaked], out var combined));
            Assert.True(ECPubKey.TryCombine(Managed, [theirs, theirsQ!.CreatePubKey(), theirs.AddTweak(t)], out var theirsCombined));
            Assert.Equal(Compressed(theirsCombined!), combined.ToBytes());
        }
    }

    [Fact]
    public void Edges_AreRefusedByBoth()
    {
        var one = new byte[32];
        one[31] = 1;
        var minusOne = Order.ToArray();
        minusOne[31] = 0x40;
        var zero = new byte[32];

        // a + (n − a) = 0: refused by ours, and NBitcoin's tweak refuses the zero key too.
        Assert.False(CurveArithmetic.TryAddScalars(one, minusOne, new byte[32]));
        Assert.True(Managed.TryCreateECPrivKey(one, out var oneKey));
        Assert.False(oneKey!.TryTweakAdd(minusOne, out _));

        // Zero and the order are not scalars for either.
        foreach (var bad in new[] { zero, Order })
        {
            Assert.False(CurveArithmetic.TryNegateScalar(bad, new byte[32]));
            Assert.False(Managed.TryCreateECPrivKey(bad, out _));
        }

        // G + (n − 1)·G is infinity: refused by both.
        Assert.True(Secp256k1.TryDerivePublicKey(one, out var g));
        Assert.False(CurveArithmetic.TryAddTweak(g, minusOne, out _));
        Assert.True(Secp256k1.TryDerivePublicKey(minusOne, out var minusG));
        Assert.False(CurveArithmetic.TryCombine([g, minusG], out _));
        Assert.False(ECPubKey.TryCombine(Managed, [oneKey.CreatePubKey(), Managed.CreateECPrivKey(minusOne).CreatePubKey()], out _));
    }

    [Fact]
    public void PublishedPtlcVectors_CheckOutInTheManagedLibrary()
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "ptlc-vectors.json")));
        var root = document.RootElement;
        byte[] Hex(System.Text.Json.JsonElement e) => Convert.FromHexString(e.GetString()!);
        var y = root.GetProperty("y").EnumerateArray().Select(Hex).ToArray();
        var locks = root.GetProperty("incoming_locks").EnumerateArray().Select(Hex).ToArray();
        var scalars = root.GetProperty("settlement_scalars").EnumerateArray().Select(Hex).ToArray();
        var current = Managed.CreateECPrivKey(Hex(root.GetProperty("z"))).CreatePubKey();
        Assert.Equal(Hex(root.GetProperty("Z")), Compressed(current));
        for (var i = 0; i < locks.Length; i++)
        {
            current = current.AddTweak(y[i]);
            Assert.Equal(locks[i], Compressed(current));
            Assert.Equal(locks[i], Compressed(Managed.CreateECPrivKey(scalars[i]).CreatePubKey()));
        }
    }
}
