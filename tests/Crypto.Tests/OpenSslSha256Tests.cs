using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto.Tests;

/// <summary>
/// <see cref="Hashes"/> and <see cref="FixedKeyHmac"/> compute through OpenSSL's low-level SHA-256
/// where it is there (docs/performance.md, "The peel against its floor"): the same bytes as .NET's
/// one-shots for every length, key size and split, and on Linux the fast path is really taken.
/// </summary>
public sealed class OpenSslSha256Tests
{
    /// <summary>Message lengths around the block (64), the short-call limit (2048) and a peel's 1300 + 32.</summary>
    private static readonly int[] Lengths = [0, 1, 31, 32, 55, 56, 63, 64, 65, 119, 128, 1300, 1332, 2047, 2048, 2049, 5000];

    [Fact]
    public void On_linux_the_openssl_path_is_the_one_in_use()
    {
        Assert.Equal(OperatingSystem.IsLinux(), OpenSslSha256.IsAvailable);
    }

    [Fact]
    public void Sha256_of_two_parts_equals_dotnets_over_their_concatenation()
    {
        var random = new Random(256);
        foreach (var length in Lengths)
        {
            var data = RandomBytes(random, length);
            foreach (var split in new[] { 0, length / 3, length })
            {
                var digest = new byte[32];
                Hashes.Sha256(data.AsSpan(0, split), data.AsSpan(split), digest);
                Assert.Equal(SHA256.HashData(data), digest);
            }

            Assert.Equal(SHA256.HashData(data), Hashes.Sha256(data));
        }
    }

    [Fact]
    public void Hmac_equals_dotnets_for_every_key_size_and_split()
    {
        var random = new Random(2104);
        foreach (var keyLength in new[] { 0, 2, 32, 63, 64, 65, 131 })
        {
            var key = RandomBytes(random, keyLength);
            foreach (var length in Lengths)
            {
                var data = RandomBytes(random, length);
                var expected = HMACSHA256.HashData(key, data);
                var one = new byte[32];
                Hashes.HmacSha256(key, data, one);
                Assert.Equal(expected, one);
                var two = new byte[32];
                Hashes.HmacSha256(key, data.AsSpan(0, length / 2), data.AsSpan(length / 2), two);
                Assert.Equal(expected, two);
            }
        }
    }

    [Fact]
    public void A_destination_may_alias_an_input()
    {
        var h = RandomBytes(new Random(8), 32);
        var data = RandomBytes(new Random(9), 100);
        var expected = SHA256.HashData([.. h, .. data]);
        Hashes.Sha256(h, data, h);
        Assert.Equal(expected, h);

        var key = RandomBytes(new Random(10), 32);
        var expectedMac = HMACSHA256.HashData(key, data);
        Hashes.HmacSha256(key, data, key);
        Assert.Equal(expectedMac, key);
    }

    [Fact]
    public void Fixed_key_hmac_is_the_same_through_openssl_and_libsodium()
    {
        var random = new Random(4231);
        foreach (var key in new[] { "rho"u8.ToArray(), "mu"u8.ToArray(), "ammagext"u8.ToArray(), new byte[64], new byte[65] })
        {
            var sodium = new FixedKeyHmac(key, openSsl: false);
            var openSsl = OpenSslSha256.IsAvailable ? new FixedKeyHmac(key, openSsl: true) : sodium;
            foreach (var length in Lengths)
            {
                var message = RandomBytes(random, length);
                var expected = HMACSHA256.HashData(key, message);
                var mac = new byte[32];
                sodium.Compute(message, mac);
                Assert.Equal(expected, mac);
                openSsl.Compute(message, mac);
                Assert.Equal(expected, mac);
            }
        }
    }

    [Fact]
    public void The_fallback_without_openssl_gives_the_same_bytes()
    {
        var random = new Random(1332);
        var key = RandomBytes(random, 32);
        foreach (var length in Lengths)
        {
            var data = RandomBytes(random, length);
            var split = length / 2;
            var digest = new byte[32];
            Hashes.DotNetSha256(data.AsSpan(0, split), data.AsSpan(split), digest);
            Assert.Equal(SHA256.HashData(data), digest);
            var mac = new byte[32];
            Hashes.DotNetHmacSha256(key, data.AsSpan(0, split), data.AsSpan(split), mac);
            Assert.Equal(HMACSHA256.HashData(key, data), mac);
        }
    }

    [Fact]
    public void Resolution_refuses_a_missing_library_and_one_without_the_functions()
    {
        Assert.False(Libcrypto.TryResolve("libcrypto.so.0-not-a-library", Libcrypto.Sha256Names, out _));
        Assert.False(Libcrypto.TryResolve(OperatingSystem.IsWindows() ? "kernel32.dll" : OperatingSystem.IsMacOS() ? "libSystem.dylib" : "libc.so.6", Libcrypto.Sha256Names, out _));
    }

    [Fact]
    public void On_linux_the_libcrypto_in_use_is_the_one_dotnet_mapped()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(Libcrypto.Source);
            return;
        }

        var mapped = File.ReadLines("/proc/self/maps").Where(line => line.Contains("/libcrypto.so", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mapped);
        Assert.Contains(mapped, line => line.EndsWith(Libcrypto.Source!, StringComparison.Ordinal));
    }

    [Fact]
    public void Short_destinations_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Hashes.Sha256([1, 2], [3], new byte[31]));
        Assert.Throws<ArgumentException>(() => Hashes.HmacSha256([1], [2], new byte[31]));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
