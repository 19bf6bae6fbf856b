namespace LnRelay.Crypto.Tests;

public sealed class AeadTests
{
    // BOLT 8 Appendix A, "Message Encryption Tests": sk after the handshake, and the
    // first two encrypted "hello" messages. Each message is AEAD(n, u16 length) then
    // AEAD(n + 1, body), which pins the nonce layout: 4 zero bytes || u64 little-endian.
    private const string SendingKey = "969ab31b4d288cedf6218839b27a3e2140827047f2c0f01bf5c04435d43511a9";
    private const string Message0 = "cf2b30ddf0cf3f80e7c35a6e6730b59fe802473180f396d88a8fb0db8cbcf25d2f214cf9ea1d95";
    private const string Message1 = "72887022101f0b6753e0c7de21657d35a4cb2a1f5cde2650528bbc8f837d0f0d7ad833b1a256a1";

    [Theory]
    [InlineData(0UL, Message0, true)]
    [InlineData(2UL, Message1, true)]
    [InlineData(0UL, Message0, false)]
    [InlineData(2UL, Message1, false)]
    public void Bolt8_message_vectors_reproduce(ulong firstNonce, string expectedHex, bool openSsl)
    {
        if (openSsl && !OpenSslChaChaPoly.IsAvailable)
        {
            return;
        }

        foreach (var shortPath in ShortPaths())
        {
            using var aead = new ChaChaPolyAead(Convert.FromHexString(SendingKey), openSsl, shortPath);
            var hello = "hello"u8.ToArray();
            var output = new byte[2 + 16 + hello.Length + 16];
            aead.Encrypt(firstNonce, default, [0x00, (byte)hello.Length], output.AsSpan(0, 18));
            aead.Encrypt(firstNonce + 1, default, hello, output.AsSpan(18));
            Assert.Equal(expectedHex, Convert.ToHexStringLower(output));
        }
    }

    [Fact]
    public void Short_messages_go_through_the_managed_aead_where_it_is_vectorised()
    {
        using var aead = new ChaChaPolyAead(new byte[32]);
        Assert.Equal(ChaChaPolyAead.DefaultManagedPath, aead.ShortPath);
        var expected = aead.ShortPath switch
        {
            null => -1,
            ChaCha20Path.Vector512 => ChaChaPolyAead.ManagedMessage,
            _ => ChaChaPolyAead.ManagedMessageAvx2,
        };
        Assert.Equal(expected, aead.LongestThroughManaged);
        Assert.Equal(ChaCha20Blocks.Best == ChaCha20Path.Scalar ? null : ChaCha20Blocks.Best, ChaChaPolyAead.DefaultManagedPath);
    }

    [Fact]
    public void Decrypt_refuses_a_flipped_bit_a_wrong_nonce_and_a_short_input()
    {
        using var aead = new ChaChaPolyAead(Convert.FromHexString(SendingKey));
        var sealedBytes = new byte[5 + 16];
        aead.Encrypt(7, "ad"u8, "hello"u8, sealedBytes);
        var plain = new byte[5];

        Assert.True(aead.TryDecrypt(7, "ad"u8, sealedBytes, plain));
        Assert.Equal("hello"u8.ToArray(), plain);
        Assert.False(aead.TryDecrypt(8, "ad"u8, sealedBytes, plain));
        Assert.False(aead.TryDecrypt(7, "AD"u8, sealedBytes, plain));
        Assert.False(aead.TryDecrypt(7, "ad"u8, sealedBytes.AsSpan(0, 15), plain));
        for (var bit = 0; bit < sealedBytes.Length * 8; bit++)
        {
            var copy = (byte[])sealedBytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(aead.TryDecrypt(7, "ad"u8, copy, plain));
        }
    }

    /// <summary>
    /// Short messages go through the managed AEAD (on each of its paths) or libsodium, long ones through OpenSSL's
    /// kept context (or, without it, libsodium up to 1 KB and .NET's ChaCha20Poly1305 above): on both sides of every
    /// boundary the frame is what .NET's own ChaCha20-Poly1305 seals, opens back, and refuses once tampered.
    /// </summary>
    [Theory]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(ChaChaPolyAead.SmallMessage, true)]
    [InlineData(ChaChaPolyAead.SmallMessage + 1, true)]
    [InlineData(ChaChaPolyAead.ManagedMessageAvx2, true)]
    [InlineData(ChaChaPolyAead.ManagedMessageAvx2 + 1, true)]
    [InlineData(ChaChaPolyAead.ManagedMessage, true)]
    [InlineData(ChaChaPolyAead.ManagedMessage + 1, true)]
    [InlineData(ChaChaPolyAead.SmallMessageBesideDotNet, true)]
    [InlineData(1452, true)]
    [InlineData(65535, true)]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(ChaChaPolyAead.SmallMessage + 1, false)]
    [InlineData(ChaChaPolyAead.ManagedMessageAvx2 + 1, false)]
    [InlineData(ChaChaPolyAead.ManagedMessage, false)]
    [InlineData(ChaChaPolyAead.ManagedMessage + 1, false)]
    [InlineData(ChaChaPolyAead.SmallMessageBesideDotNet, false)]
    [InlineData(ChaChaPolyAead.SmallMessageBesideDotNet + 1, false)]
    [InlineData(1452, false)]
    [InlineData(65535, false)]
    public void BothSidesOfTheSizeBoundary_SealAndOpenAsTheReferenceDoes(int size, bool openSsl)
    {
        if (openSsl && !OpenSslChaChaPoly.IsAvailable)
        {
            return;
        }

        var key = Convert.FromHexString(SendingKey);
        using var reference = new System.Security.Cryptography.ChaCha20Poly1305(key);
        var message = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        var nonce = new byte[12];
        nonce[4] = 9;
        var expected = new byte[size + 16];
        reference.Encrypt(nonce, message, expected.AsSpan(0, size), expected.AsSpan(size), "ad"u8);

        foreach (var shortPath in ShortPaths())
        {
            using var aead = new ChaChaPolyAead(key, openSsl, shortPath);
            var sealedBytes = new byte[size + 16];
            aead.Encrypt(9, "ad"u8, message, sealedBytes);
            Assert.Equal(expected, sealedBytes);

            var opened = new byte[size];
            Assert.True(aead.TryDecrypt(9, "ad"u8, sealedBytes, opened));
            Assert.Equal(message, opened);
            sealedBytes[size / 2] ^= 0x01;
            Assert.False(aead.TryDecrypt(9, "ad"u8, sealedBytes, opened));
        }
    }

    /// <summary>libsodium (null) and every managed path this processor runs.</summary>
    private static ChaCha20Path?[] ShortPaths() => [null, .. Enum.GetValues<ChaCha20Path>().Where(ChaCha20Blocks.IsSupported).Select(p => (ChaCha20Path?)p)];
}
