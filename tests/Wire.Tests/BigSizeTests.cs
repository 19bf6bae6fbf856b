using System.Text.Json;

namespace LnRelay.Wire.Tests;

public sealed class BigSizeTests
{
    public static TheoryData<string> DecodingNames() => Names("decoding");

    public static TheoryData<string> EncodingNames() => Names("encoding");

    [Theory]
    [MemberData(nameof(DecodingNames))]
    public void Decoding_vector_gives_value_or_declared_error(string name)
    {
        JsonElement row = Row("decoding", name);
        byte[] bytes = Convert.FromHexString(row.GetProperty("bytes").GetString()!);

        BigSizeReadStatus status = BigSize.TryRead(bytes, out ulong value, out int consumed);

        if (row.TryGetProperty("expected_error", out JsonElement error))
        {
            BigSizeReadStatus expected = error.GetString() switch
            {
                "non_canonical" => BigSizeReadStatus.NotMinimal,
                "truncated" => BigSizeReadStatus.Truncated,
                "empty_input" => BigSizeReadStatus.EndOfInput,
                var other => throw new InvalidOperationException($"unmapped label {other}"),
            };
            Assert.Equal(expected, status);
            Assert.Equal(0, consumed);
        }
        else
        {
            Assert.Equal(BigSizeReadStatus.Ok, status);
            Assert.Equal(ulong.Parse(row.GetProperty("value_decimal_string").GetString()!), value);
            Assert.Equal(bytes.Length, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(EncodingNames))]
    public void Encoding_vector_is_reproduced_byte_for_byte(string name)
    {
        JsonElement row = Row("encoding", name);
        ulong value = ulong.Parse(row.GetProperty("value_decimal_string").GetString()!);
        string expected = row.GetProperty("bytes").GetString()!;

        Assert.Equal(expected, Convert.ToHexStringLower(BigSize.Encode(value)));
        Assert.Equal(expected.Length / 2, BigSize.SizeOf(value));
    }

    [Fact]
    public void Round_trip_holds_at_every_boundary()
    {
        ulong[] values = [0, 1, 0xfc, 0xfd, 0xfe, 0xff, 0xffff, 0x10000, 0xffffffff, 0x100000000, ulong.MaxValue - 1, ulong.MaxValue];
        foreach (ulong v in values)
        {
            byte[] encoded = BigSize.Encode(v);
            Assert.Equal(BigSizeReadStatus.Ok, BigSize.TryRead(encoded, out ulong decoded, out int consumed));
            Assert.Equal(v, decoded);
            Assert.Equal(encoded.Length, consumed);
        }
    }

    [Fact]
    public void Read_ignores_bytes_after_the_value()
    {
        Assert.Equal(BigSizeReadStatus.Ok, BigSize.TryRead([0xfd, 0x01, 0x00, 0xaa], out ulong value, out int consumed));
        Assert.Equal(256UL, value);
        Assert.Equal(3, consumed);
    }

    [Fact]
    public void Write_into_too_small_span_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => BigSize.Write(0x10000, new byte[4]));
    }

    private static TheoryData<string> Names(string section)
    {
        using JsonDocument doc = VectorFile.Open("bolt01-bigsize-vectors.json");
        var data = new TheoryData<string>();
        foreach (JsonElement row in doc.RootElement.GetProperty(section).EnumerateArray())
        {
            data.Add(row.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Row(string section, string name)
    {
        using JsonDocument doc = VectorFile.Open("bolt01-bigsize-vectors.json");
        return doc.RootElement.GetProperty(section).EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == name).Clone();
    }
}
