using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto.Tests;

/// <summary>
/// ChaCha20-Poly1305 over OpenSSL's EVP with the context kept per key (<see cref="OpenSslChaChaPoly"/>),
/// and <see cref="ChaChaPolyAead"/> through it and through its fallback (.NET's <c>ChaCha20Poly1305</c>):
/// RFC 8439 section 2.8.2's example, the same bytes as libsodium and .NET at every size around both splits,
/// forgeries refused with nothing left in the output, and use after dispose refused.
/// </summary>
public sealed class OpenSslChaChaPolyTests
{
    /// <summary>Sizes around the splits (127/128, 192/193, 448/449, 1,024/1,025), the 2,048-byte short-call limit, an update_add_htlc and the largest message.</summary>
    private static readonly int[] Sizes = [0, 1, 2, 63, 64, 65, 126, 127, 128, 129, 192, 193, 255, 447, 448, 449, 256, 1023, 1024, 1025, 1452, 2047, 2048, 2049, 4096, 65535];

    /// <summary>Both ways long messages can go: the kept OpenSSL context (where there is one) and .NET's implementation.</summary>
    public static TheoryData<bool> Paths() => OpenSslChaChaPoly.IsAvailable ? [true, false] : [false];

    [Fact]
    public void On_linux_the_kept_context_is_available_and_the_default()
    {
        Assert.Equal(OperatingSystem.IsLinux(), OpenSslChaChaPoly.IsAvailable);
        using var aead = new ChaChaPolyAead(new byte[32]);
        Assert.Equal(OpenSslChaChaPoly.IsAvailable, aead.LongThroughOpenSsl);
        var shortest = OpenSslChaChaPoly.IsAvailable ? ChaChaPolyAead.SmallMessage : ChaChaPolyAead.SmallMessageBesideDotNet;
        Assert.Equal(Math.Max(shortest, aead.LongestThroughManaged), aead.LongestShort);
        if (OperatingSystem.IsLinux())
        {
            // The libcrypto .NET mapped (a path, not a soname), the same the SHA-256 functions come from.
            Assert.StartsWith("/", LibcryptoEvp.Source, StringComparison.Ordinal);
            Assert.Equal(Libcrypto.Source, LibcryptoEvp.Source);
        }
    }

    [Fact]
    public void Without_openssl_the_fallback_keeps_the_old_split()
    {
        using var aead = new ChaChaPolyAead(new byte[32], openSsl: false);
        Assert.False(aead.LongThroughOpenSsl);
        Assert.Equal(1024, aead.LongestShort);
    }

    [Fact]
    public void Rfc8439_aead_example_seals_and_opens_through_the_kept_context()
    {
        if (!OpenSslChaChaPoly.IsAvailable)
        {
            return;
        }

        var v = Vector();
        var ciphertext = new byte[v.Plaintext.Length];
        var tag = new byte[16];
        using var aead = new OpenSslChaChaPoly(v.Key);
        aead.Seal(v.Nonce, v.Aad, v.Plaintext, ciphertext, tag);
        Assert.Equal(v.Ciphertext, ciphertext);
        Assert.Equal(v.Tag, tag);

        // Again on the same context: the nonce init resets the MAC and the lengths.
        aead.Seal(v.Nonce, v.Aad, v.Plaintext, ciphertext, tag);
        Assert.Equal(v.Tag, tag);
        var opened = new byte[v.Plaintext.Length];
        Assert.True(aead.TryOpen(v.Nonce, v.Aad, v.Ciphertext, v.Tag, opened));
        Assert.Equal(v.Plaintext, opened);
    }

    [Fact]
    public void Rfc8439_aead_example_is_what_libsodium_and_dotnet_compute()
    {
        var v = Vector();
        var sodium = new byte[v.Plaintext.Length + 16];
        ChaChaPolyOneShot.Seal(v.Key, v.Nonce, v.Aad, v.Plaintext, sodium);
        Assert.Equal([.. v.Ciphertext, .. v.Tag], sodium);

        using var dotNet = new ChaCha20Poly1305(v.Key);
        var ciphertext = new byte[v.Plaintext.Length];
        var tag = new byte[16];
        dotNet.Encrypt(v.Nonce, v.Plaintext, ciphertext, tag, v.Aad);
        Assert.Equal(v.Ciphertext, ciphertext);
        Assert.Equal(v.Tag, tag);
    }

    /// <summary>
    /// A long known answer: the RFC's key, nonce and AAD over 1,452 bytes (an update_add_htlc's size, above
    /// both splits). The ciphertext's SHA-256 and the tag were recorded with Python's <c>cryptography</c> 48
    /// (its own bundled OpenSSL), a fourth implementation; libsodium, .NET and the kept context must all give them.
    /// </summary>
    [Fact]
    public void A_long_known_answer_is_the_same_through_every_implementation()
    {
        var v = Vector();
        var message = new byte[1452];
        for (var i = 0; i < message.Length; i++)
        {
            message[i] = v.Plaintext[i % v.Plaintext.Length];
        }

        const string CiphertextSha256 = "130892b2a0bebe4b9bf5de1c6daa49762ef83bd29935fb6ffba1934823df3ff6";
        const string Tag = "af5bd1d60a46fba671e0050626f4e4ab";
        var sodium = new byte[message.Length + 16];
        ChaChaPolyOneShot.Seal(v.Key, v.Nonce, v.Aad, message, sodium);
        Assert.Equal(CiphertextSha256, Convert.ToHexStringLower(SHA256.HashData(sodium.AsSpan(0, message.Length))));
        Assert.Equal(Tag, Convert.ToHexStringLower(sodium.AsSpan(message.Length)));

        using var dotNet = new ChaCha20Poly1305(v.Key);
        var reference = new byte[message.Length + 16];
        dotNet.Encrypt(v.Nonce, message, reference.AsSpan(0, message.Length), reference.AsSpan(message.Length), v.Aad);
        Assert.Equal(sodium, reference);

        if (OpenSslChaChaPoly.IsAvailable)
        {
            using var kept = new OpenSslChaChaPoly(v.Key);
            var output = new byte[message.Length + 16];
            kept.Seal(v.Nonce, v.Aad, message, output.AsSpan(0, message.Length), output.AsSpan(message.Length));
            Assert.Equal(sodium, output);
        }
    }

    [Fact]
    public void The_kept_context_equals_libsodium_and_dotnet_at_every_size_both_ways()
    {
        if (!OpenSslChaChaPoly.IsAvailable)
        {
            return;
        }

        var random = new Random(8439);
        foreach (var size in Sizes)
        {
            var key = Bytes(random, 32);
            var nonce = Bytes(random, 12);
            var aad = Bytes(random, random.Next(3) == 0 ? 0 : random.Next(1, 64));
            var plain = Bytes(random, size);

            var sodium = new byte[size + 16];
            ChaChaPolyOneShot.Seal(key, nonce, aad, plain, sodium);
            using var dotNet = new ChaCha20Poly1305(key);
            var reference = new byte[size + 16];
            dotNet.Encrypt(nonce, plain, reference.AsSpan(0, size), reference.AsSpan(size), aad);
            Assert.Equal(reference, sodium);

            using var kept = new OpenSslChaChaPoly(key);
            var ours = new byte[size + 16];
            kept.Seal(nonce, aad, plain, ours.AsSpan(0, size), ours.AsSpan(size));
            Assert.True(reference.AsSpan().SequenceEqual(ours), $"seal differs at {size} bytes");

            var opened = new byte[size];
            Assert.True(kept.TryOpen(nonce, aad, sodium.AsSpan(0, size), sodium.AsSpan(size), opened), $"open failed at {size} bytes");
            Assert.Equal(plain, opened);
            Assert.True(ChaChaPolyOneShot.TryOpen(key, nonce, aad, ours, opened));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ChaChaPolyAead_equals_libsodium_and_dotnet_at_every_size(bool openSsl)
    {
        var random = new Random(openSsl ? 1452 : 1024);
        foreach (var size in Sizes)
        {
            for (var round = 0; round < 3; round++)
            {
                var key = Bytes(random, 32);
                var counter = (ulong)random.NextInt64();
                var aad = Bytes(random, round == 0 ? 0 : random.Next(1, 40));
                var plain = Bytes(random, size);
                var nonce = new byte[12];
                BitConverter.TryWriteBytes(nonce.AsSpan(4), counter);
                if (!BitConverter.IsLittleEndian)
                {
                    nonce.AsSpan(4).Reverse();
                }

                using var dotNet = new ChaCha20Poly1305(key);
                var reference = new byte[size + 16];
                dotNet.Encrypt(nonce, plain, reference.AsSpan(0, size), reference.AsSpan(size), aad);
                var sodium = new byte[size + 16];
                ChaChaPolyOneShot.Seal(key, nonce, aad, plain, sodium);
                Assert.Equal(reference, sodium);

                using var aead = new ChaChaPolyAead(key, openSsl);
                var ours = new byte[size + 16];
                aead.Encrypt(counter, aad, plain, ours);
                Assert.True(reference.AsSpan().SequenceEqual(ours), $"seal differs at {size} bytes");
                var opened = new byte[size];
                Assert.True(aead.TryDecrypt(counter, aad, reference, opened), $"open failed at {size} bytes");
                Assert.Equal(plain, opened);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_long_message_opens_in_place(bool openSsl)
    {
        var key = Bytes(new Random(5), 32);
        var plain = Bytes(new Random(6), 1452);
        using var aead = new ChaChaPolyAead(key, openSsl);
        var frame = new byte[plain.Length + 16];
        aead.Encrypt(3, default, plain, frame);

        // As FrameDecryptor opens a body: the plaintext written over the ciphertext.
        Assert.True(aead.TryDecrypt(3, default, frame, frame));
        Assert.Equal(plain, frame.AsSpan(0, plain.Length).ToArray());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tampered_ciphertext_tag_or_aad_is_refused_and_leaves_no_plaintext(bool openSsl)
    {
        var random = new Random(19);
        var key = Bytes(random, 32);
        var plain = Bytes(random, 1452);
        var aad = Bytes(random, 32);
        using var aead = new ChaChaPolyAead(key, openSsl);
        var sealedBytes = new byte[plain.Length + 16];
        aead.Encrypt(41, aad, plain, sealedBytes);

        var opened = new byte[plain.Length];
        for (var index = 0; index < sealedBytes.Length; index += 7)
        {
            var copy = (byte[])sealedBytes.Clone();
            copy[index] ^= (byte)(1 << (index % 8));
            Array.Fill(opened, (byte)0xaa);
            Assert.False(aead.TryDecrypt(41, aad, copy, opened), $"byte {index}");
            Assert.All(opened, b => Assert.Equal(0, b));
        }

        var otherAad = (byte[])aad.Clone();
        otherAad[31] ^= 0x80;
        Array.Fill(opened, (byte)0xaa);
        Assert.False(aead.TryDecrypt(41, otherAad, sealedBytes, opened));
        Assert.All(opened, b => Assert.Equal(0, b));
        Assert.False(aead.TryDecrypt(41, default, sealedBytes, opened));

        // The context is still good after the failures.
        Assert.True(aead.TryDecrypt(41, aad, sealedBytes, opened));
        Assert.Equal(plain, opened);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Another_counter_gives_other_bytes_and_does_not_open(bool openSsl)
    {
        var key = Bytes(new Random(7), 32);
        var plain = Bytes(new Random(8), 4096);
        using var aead = new ChaChaPolyAead(key, openSsl);
        var first = new byte[plain.Length + 16];
        var second = new byte[plain.Length + 16];
        aead.Encrypt(999, default, plain, first);
        aead.Encrypt(1000, default, plain, second);

        Assert.NotEqual(first.AsSpan(0, 16).ToArray(), second.AsSpan(0, 16).ToArray());
        Assert.NotEqual(first.AsSpan(plain.Length).ToArray(), second.AsSpan(plain.Length).ToArray());
        var opened = new byte[plain.Length];
        Assert.False(aead.TryDecrypt(1000, default, first, opened));
        Assert.True(aead.TryDecrypt(999, default, first, opened));
        Assert.True(aead.TryDecrypt(1000, default, second, opened));
        Assert.Equal(plain, opened);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Use_after_dispose_throws_for_short_and_long_messages(bool openSsl)
    {
        var aead = new ChaChaPolyAead(new byte[32], openSsl);
        var output = new byte[2000 + 16];
        aead.Encrypt(0, default, new byte[2000], output);
        aead.Dispose();
        aead.Dispose();

        foreach (var size in new[] { 2, 2000 })
        {
            Assert.Throws<ObjectDisposedException>(() => aead.Encrypt(1, default, new byte[size], output));
            Assert.Throws<ObjectDisposedException>(() => aead.TryDecrypt(0, default, output.AsSpan(0, size + 16), new byte[size]));
        }
    }

    [Fact]
    public void The_kept_context_refuses_use_after_dispose_and_bad_sizes()
    {
        if (!OpenSslChaChaPoly.IsAvailable)
        {
            return;
        }

        var kept = new OpenSslChaChaPoly(new byte[32]);
        Assert.Throws<ArgumentException>(() => kept.Seal(new byte[11], default, new byte[4], new byte[4], new byte[16]));
        Assert.Throws<ArgumentException>(() => kept.Seal(new byte[12], default, new byte[4], new byte[3], new byte[16]));
        Assert.Throws<ArgumentException>(() => kept.TryOpen(new byte[12], default, new byte[4], new byte[15], new byte[4]));
        Assert.Throws<ArgumentException>(() => new OpenSslChaChaPoly(new byte[31]));
        kept.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kept.Seal(new byte[12], default, new byte[4], new byte[4], new byte[16]));
        Assert.Throws<ObjectDisposedException>(() => kept.TryOpen(new byte[12], default, new byte[4], new byte[16], new byte[4]));
    }

    [Fact]
    public void Resolution_refuses_a_missing_library_and_one_without_the_functions()
    {
        Assert.False(Libcrypto.TryResolve("libcrypto.so.0-not-a-library", LibcryptoEvp.Names, out _));
        Assert.False(Libcrypto.TryResolve(OperatingSystem.IsWindows() ? "kernel32.dll" : OperatingSystem.IsMacOS() ? "libSystem.dylib" : "libc.so.6", LibcryptoEvp.Names, out _));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static (byte[] Key, byte[] Nonce, byte[] Aad, byte[] Plaintext, byte[] Ciphertext, byte[] Tag) Vector()
    {
        var v = Vectors.Json("rfc8439-aead.json").GetProperty("vectors")[0];
        return (v.Hex("key"), v.Hex("nonce"), v.Hex("aad"), v.Hex("plaintext"), v.Hex("ciphertext"), v.Hex("tag"));
    }
}
