using System.Security.Cryptography;
using System.Text;

namespace LnRelay.Crypto.Tests;

public sealed class FixedKeyHmacTests
{
    /// <summary>RFC 4231 test cases 1, 2 and 6 (a key longer than SHA-256's 64-byte block, hashed first).</summary>
    public static TheoryData<string, string, string> Rfc4231 => new()
    {
        { Convert.ToHexString(Enumerable.Repeat((byte)0x0b, 20).ToArray()), Convert.ToHexString("Hi There"u8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        { Convert.ToHexString("Jefe"u8), Convert.ToHexString("what do ya want for nothing?"u8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
        { Convert.ToHexString(Enumerable.Repeat((byte)0xaa, 131).ToArray()), Convert.ToHexString(Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First")), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
    };

    [Theory]
    [MemberData(nameof(Rfc4231))]
    public void Rfc4231_known_answers(string keyHex, string dataHex, string macHex)
    {
        var mac = new byte[32];
        new FixedKeyHmac(Convert.FromHexString(keyHex)).Compute(Convert.FromHexString(dataHex), mac);
        Assert.Equal(macHex, Convert.ToHexString(mac).ToLowerInvariant());
    }

    [Fact]
    public void One_keyed_state_serves_every_call_and_equals_the_one_shot_hmac()
    {
        var random = new Random(4231);
        foreach (var key in new[] { "rho"u8.ToArray(), "mu"u8.ToArray(), "ammagext"u8.ToArray(), new byte[64], new byte[65] })
        {
            var hmac = new FixedKeyHmac(key);
            for (var length = 0; length <= 200; length += 7)
            {
                var message = new byte[length];
                random.NextBytes(message);
                var mac = new byte[40];
                hmac.Compute(message, mac);
                Assert.Equal(HMACSHA256.HashData(key, message), mac[..32]);
                Assert.All(mac[32..], b => Assert.Equal(0, b));
            }
        }
    }

    [Fact]
    public void A_destination_shorter_than_a_mac_is_a_caller_bug()
    {
        var hmac = new FixedKeyHmac("mu"u8);
        Assert.Throws<ArgumentException>(() => hmac.Compute([1, 2, 3], new byte[31]));
    }
}
