namespace LnRelay.Crypto.Tests;

/// <summary>The one-shot AEAD (libsodium) against the BOLT 8 message vector and against .NET's implementation.</summary>
public sealed class ChaChaPolyOneShotTests
{
    private const string SendingKey = "969ab31b4d288cedf6218839b27a3e2140827047f2c0f01bf5c04435d43511a9";

    [Fact]
    public void Bolt8_first_length_prefix_reproduces_with_an_explicit_zero_nonce()
    {
        // BOLT 8 Appendix A: the first message's 2-byte length, sealed with nonce 0.
        var output = new byte[18];
        ChaChaPolyOneShot.Seal(Convert.FromHexString(SendingKey), new byte[12], default, [0x00, 0x05], output);
        Assert.Equal("cf2b30ddf0cf3f80e7c35a6e6730b59fe802", Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Matches_the_dotnet_aead_on_random_inputs_both_ways()
    {
        var random = new Random(8439);
        for (var i = 0; i < 200; i++)
        {
            var key = new byte[32];
            random.NextBytes(key);
            var ad = new byte[random.Next(3) == 0 ? 0 : random.Next(40)];
            random.NextBytes(ad);
            var plain = new byte[random.Next(200)];
            random.NextBytes(plain);

            var ours = new byte[plain.Length + 16];
            ChaChaPolyOneShot.Seal(key, default, ad, plain, ours);
            var theirs = new byte[plain.Length + 16];
            using (var aead = new ChaChaPolyAead(key))
            {
                aead.Encrypt(0, ad, plain, theirs);
            }

            Assert.Equal(theirs, ours);
            var opened = new byte[plain.Length];
            Assert.True(ChaChaPolyOneShot.TryOpen(key, default, ad, theirs, opened));
            Assert.Equal(plain, opened);
        }
    }

    [Fact]
    public void Open_refuses_a_flipped_bit_a_wrong_key_and_a_short_input()
    {
        var key = Convert.FromHexString(SendingKey);
        var sealedBytes = new byte[5 + 16];
        ChaChaPolyOneShot.Seal(key, default, default, "hello"u8, sealedBytes);
        var plain = new byte[5];
        Assert.True(ChaChaPolyOneShot.TryOpen(key, default, default, sealedBytes, plain));
        Assert.False(ChaChaPolyOneShot.TryOpen(new byte[32], default, default, sealedBytes, plain));
        Assert.False(ChaChaPolyOneShot.TryOpen(key, default, default, sealedBytes.AsSpan(0, 15), plain));
        for (var bit = 0; bit < sealedBytes.Length * 8; bit++)
        {
            var copy = (byte[])sealedBytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(ChaChaPolyOneShot.TryOpen(key, default, default, copy, plain));
        }
    }
}
