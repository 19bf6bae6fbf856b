namespace LnRelay.Crypto.Tests;

/// <summary>Every row of BIP340's test-vectors.csv, including the ones that must fail.</summary>
public sealed class SchnorrTests
{
    public static TheoryData<int> Rows
    {
        get
        {
            var data = new TheoryData<int>();
            foreach (var row in ReadRows())
            {
                data.Add(int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Bip340_vector_row(int index)
    {
        var row = ReadRows().Single(r => r[0] == index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var publicKey = Convert.FromHexString(row[2]);
        var message = Convert.FromHexString(row[4]);
        var signature = Convert.FromHexString(row[5]);
        var expected = row[6] == "TRUE";

        if (row[1].Length > 0)
        {
            using var key = PrivateKey.Create(Convert.FromHexString(row[1]));
            Assert.Equal(publicKey, key.PublicKey.ToXOnly().ToBytes());
            var produced = new byte[64];
            key.SignSchnorr(message, Convert.FromHexString(row[3]), produced);
            Assert.Equal(signature, produced);
        }

        var verified = XOnlyPublicKey.TryParse(publicKey, out var xonly) && xonly.VerifySchnorr(signature, message);
        Assert.Equal(expected, verified);
    }

    [Fact]
    public void Signature_with_fresh_randomness_verifies_and_fails_for_another_message()
    {
        using var key = PrivateKey.Generate();
        var message = Hashes.Sha256("lnrelay"u8);
        var signature = new byte[64];
        key.SignSchnorr(message, signature);
        var xonly = key.PublicKey.ToXOnly();
        Assert.True(xonly.VerifySchnorr(signature, message));
        message[0] ^= 1;
        Assert.False(xonly.VerifySchnorr(signature, message));
        Assert.False(xonly.VerifySchnorr(signature.AsSpan(0, 63), message));
    }

    private static List<string[]> ReadRows() =>
        File.ReadAllLines(Vectors.PathOf("bip340-test-vectors.csv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(','))
            .ToList();
}
