namespace LnRelay.Crypto.Tests;

public sealed class HkdfTests
{
    public static TheoryData<int> Cases => [0, 1, 2];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rfc5869_sha256_vectors(int index)
    {
        var v = Vectors.Json("rfc5869-hkdf.json").GetProperty("vectors")[index];
        var okm = new byte[v.GetProperty("length").GetInt32()];
        Hkdf.DeriveKey(v.Hex("salt"), v.Hex("ikm"), v.Hex("info"), okm);
        Assert.Equal(v.Hex("okm"), okm);
    }

    [Fact]
    public void Two_key_form_is_the_first_64_bytes_of_hkdf_with_empty_info()
    {
        // RFC 5869 A.3 has empty salt and info; HKDF output is a prefix-stable stream,
        // so its 42 bytes are the start of first || second.
        var v = Vectors.Json("rfc5869-hkdf.json").GetProperty("vectors")[2];
        var first = new byte[32];
        var second = new byte[32];
        Hkdf.DeriveTwoKeys(v.Hex("salt"), v.Hex("ikm"), first, second);
        Assert.Equal(v.Hex("okm"), first.Concat(second).Take(42).ToArray());
    }

    [Fact]
    public void Two_key_form_refuses_other_output_sizes() =>
        Assert.Throws<ArgumentException>(() => Hkdf.DeriveTwoKeys(new byte[32], new byte[32], new byte[16], new byte[32]));
}
