namespace LnRelay.Crypto.Tests;

/// <summary>
/// The managed ChaCha20-Poly1305 (<see cref="ManagedChaChaPoly"/>, <see cref="ChaCha20Blocks"/>, <see cref="Poly1305"/>)
/// on every path this processor runs (Vector512, Vector256 and scalar on an AVX-512 machine): RFC 8439's ChaCha20,
/// Poly1305 and AEAD vectors, libsodium's bytes at every length around the short split with several AD lengths,
/// and every byte of ciphertext and tag tampered and refused with nothing left in the output.
/// </summary>
public sealed class ManagedChaChaPolyTests
{
    /// <summary>The AD lengths the cross-check uses: none (the transport's), one byte, one block, a block and a byte, two blocks and a byte.</summary>
    private static readonly int[] AdLengths = [0, 1, 16, 17, 33];

    /// <summary>Every path this processor runs, by name (<see cref="ChaCha20Path"/> is internal).</summary>
    public static TheoryData<string> Paths()
    {
        var paths = new TheoryData<string>();
        foreach (var path in Enum.GetValues<ChaCha20Path>().Where(ChaCha20Blocks.IsSupported))
        {
            paths.Add(path.ToString());
        }

        return paths;
    }

    [Fact]
    public void On_this_machine_every_path_is_tested()
    {
        // The EPYC the benchmarks run on has AVX-512; elsewhere this says which paths the theories cover.
        Assert.True(ChaCha20Blocks.IsSupported(ChaCha20Path.Scalar));
        Assert.Equal(ChaCha20Blocks.Best, Enum.GetValues<ChaCha20Path>().Where(ChaCha20Blocks.IsSupported).Max());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc8439_chacha20_vectors_reproduce(string pathName)
    {
        var path = Enum.Parse<ChaCha20Path>(pathName);
        foreach (var v in Vectors.Json("rfc8439-chacha20.json").GetProperty("vectors").EnumerateArray())
        {
            var key = v.Hex("key");
            var nonce = v.Hex("nonce");
            var counter = v.GetProperty("counter").GetUInt32();
            var plaintext = v.Hex("plaintext");
            var output = new byte[plaintext.Length];
            var blocks = new byte[ChaCha20Blocks.MaxBlocks * ChaCha20Blocks.BlockSize];
            for (var at = 0; at < plaintext.Length; at += blocks.Length, counter += ChaCha20Blocks.MaxBlocks)
            {
                var length = Math.Min(blocks.Length, plaintext.Length - at);
                ChaCha20Blocks.Compute(key, nonce, counter, (length + 63) / 64, blocks, path);
                for (var i = 0; i < length; i++)
                {
                    output[at + i] = (byte)(plaintext[at + i] ^ blocks[i]);
                }
            }

            Assert.Equal(Convert.ToHexStringLower(v.Hex("ciphertext")), Convert.ToHexStringLower(output));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_vector_paths_give_the_scalar_blocks_at_any_counter_including_the_wrap(string pathName)
    {
        var path = Enum.Parse<ChaCha20Path>(pathName);
        var random = new Random(20);
        foreach (var counter in new uint[] { 0, 1, 42, 0x7fffffff, uint.MaxValue - 2, uint.MaxValue })
        {
            var key = Bytes(random, 32);
            var nonce = Bytes(random, 12);
            var reference = new byte[256];
            var ours = new byte[256];
            ChaCha20Blocks.Compute(key, nonce, counter, 4, reference, ChaCha20Path.Scalar);
            ChaCha20Blocks.Compute(key, nonce, counter, 4, ours, path);
            Assert.Equal(reference, ours);
        }
    }

    [Fact]
    public void Rfc8439_poly1305_vectors_reproduce()
    {
        foreach (var v in Vectors.Json("rfc8439-poly1305.json").GetProperty("vectors").EnumerateArray())
        {
            var tag = new byte[Poly1305.TagSize];
            Poly1305.Mac(v.Hex("key"), v.Hex("message"), tag);
            Assert.True(v.GetProperty("tag").GetString() == Convert.ToHexStringLower(tag), v.GetProperty("name").GetString());
        }
    }

    /// <summary>Section 2.8.2 (seal) and appendix A.5 (open; 265 bytes, so past the first call's three blocks too).</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Rfc8439_aead_vectors_seal_and_open(string pathName)
    {
        var path = Enum.Parse<ChaCha20Path>(pathName);
        foreach (var v in Vectors.Json("rfc8439-aead.json").GetProperty("vectors").EnumerateArray())
        {
            var (key, nonce, aad, plaintext) = (v.Hex("key"), v.Hex("nonce"), v.Hex("aad"), v.Hex("plaintext"));
            byte[] expected = [.. v.Hex("ciphertext"), .. v.Hex("tag")];
            var sealedBytes = new byte[plaintext.Length + 16];
            ManagedChaChaPoly.Seal(key, nonce, aad, plaintext, sealedBytes, path);
            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(sealedBytes));

            var opened = new byte[plaintext.Length];
            Assert.True(ManagedChaChaPoly.TryOpen(key, nonce, aad, expected, opened, path));
            Assert.Equal(plaintext, opened);
        }
    }

    /// <summary>Every length from 0 to 20 past the split (past two ChaCha20 calls' 448 bytes), five AD lengths, random keys and nonces.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_short_length_seals_and_opens_as_libsodium_does(string pathName)
    {
        var path = Enum.Parse<ChaCha20Path>(pathName);
        var random = new Random(8439 + (int)path);
        var longest = ChaChaPolyAead.ManagedMessage + 20;
        for (var length = 0; length <= longest; length++)
        {
            foreach (var adLength in AdLengths)
            {
                var key = Bytes(random, 32);
                var nonce = Bytes(random, 12);
                var ad = Bytes(random, adLength);
                var plaintext = Bytes(random, length);

                var sodium = new byte[length + 16];
                ChaChaPolyOneShot.Seal(key, nonce, ad, plaintext, sodium);
                var ours = new byte[length + 16];
                ManagedChaChaPoly.Seal(key, nonce, ad, plaintext, ours, path);
                Assert.True(sodium.AsSpan().SequenceEqual(ours), $"seal differs at {length} bytes, AD {adLength}");

                var opened = new byte[length];
                Assert.True(ManagedChaChaPoly.TryOpen(key, nonce, ad, sodium, opened, path), $"open failed at {length} bytes, AD {adLength}");
                Assert.Equal(plaintext, opened);
                Assert.True(ChaChaPolyOneShot.TryOpen(key, nonce, ad, ours, opened));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_tampered_byte_of_ciphertext_and_tag_is_refused_and_leaves_zeros(string pathName)
    {
        var path = Enum.Parse<ChaCha20Path>(pathName);
        var random = new Random(19);
        foreach (var length in new[] { 0, 2, 74, ChaChaPolyAead.SmallMessage, ChaChaPolyAead.ManagedMessageAvx2, ChaChaPolyAead.ManagedMessage })
        {
            var key = Bytes(random, 32);
            var nonce = Bytes(random, 12);
            var ad = Bytes(random, 17);
            var plaintext = Bytes(random, length);
            var sealedBytes = new byte[length + 16];
            ManagedChaChaPoly.Seal(key, nonce, ad, plaintext, sealedBytes, path);

            var opened = new byte[length];
            for (var index = 0; index < sealedBytes.Length; index++)
            {
                var copy = (byte[])sealedBytes.Clone();
                copy[index] ^= (byte)(1 << (index % 8));
                Array.Fill(opened, (byte)0xaa);
                Assert.False(ManagedChaChaPoly.TryOpen(key, nonce, ad, copy, opened, path), $"{length} bytes, byte {index}");
                Assert.All(opened, b => Assert.Equal(0, b));
            }

            var otherAd = (byte[])ad.Clone();
            otherAd[0] ^= 1;
            Assert.False(ManagedChaChaPoly.TryOpen(key, nonce, otherAd, sealedBytes, opened, path));
            Assert.False(ManagedChaChaPoly.TryOpen(key, nonce, ad, sealedBytes.AsSpan(0, 15), opened, path));
            Assert.True(ManagedChaChaPoly.TryOpen(key, nonce, ad, sealedBytes, opened, path));
            Assert.Equal(plaintext, opened);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Seal_and_open_work_in_place(string pathName)
    {
        var path = Enum.Parse<ChaCha20Path>(pathName);
        var random = new Random(7);
        var key = Bytes(random, 32);
        var nonce = Bytes(random, 12);
        var plaintext = Bytes(random, 74);
        var buffer = new byte[74 + 16];
        plaintext.CopyTo(buffer, 0);
        ManagedChaChaPoly.Seal(key, nonce, default, buffer.AsSpan(0, 74), buffer, path);
        var sodium = new byte[74 + 16];
        ChaChaPolyOneShot.Seal(key, nonce, default, plaintext, sodium);
        Assert.Equal(sodium, buffer);

        Assert.True(ManagedChaChaPoly.TryOpen(key, nonce, default, buffer, buffer, path));
        Assert.Equal(plaintext, buffer.AsSpan(0, 74).ToArray());
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ManagedChaChaPoly.Seal(new byte[31], new byte[12], default, new byte[2], new byte[18], ChaCha20Path.Scalar));
        Assert.Throws<ArgumentException>(() => ManagedChaChaPoly.Seal(new byte[32], new byte[11], default, new byte[2], new byte[18], ChaCha20Path.Scalar));
        Assert.Throws<ArgumentException>(() => ManagedChaChaPoly.Seal(new byte[32], new byte[12], default, new byte[2], new byte[17], ChaCha20Path.Scalar));
        Assert.False(ManagedChaChaPoly.TryOpen(new byte[32], new byte[12], default, new byte[18], new byte[1], ChaCha20Path.Scalar));
        Assert.Throws<ArgumentException>(() => ChaCha20Blocks.Compute(new byte[32], new byte[12], 0, 5, new byte[320], ChaCha20Path.Scalar));
        Assert.Throws<ArgumentException>(() => ChaCha20Blocks.Compute(new byte[32], new byte[12], 0, 1, new byte[64], ChaCha20Path.Vector512));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
