using System.Text.Json;

namespace LnRelay.Wire.Tests;

/// <summary>Every row of bolt01-tlv-vectors.json (BOLT 1 Appendix B), read unchanged.</summary>
public sealed class TlvVectorTests
{
    private const string File = "bolt01-tlv-vectors.json";

    /// <summary>The vector file's own error labels mapped to our declared reasons.</summary>
    private static readonly Dictionary<string, TlvFailureReason> Labels = new()
    {
        ["type_truncated"] = TlvFailureReason.TypeTruncated,
        ["type_not_minimal"] = TlvFailureReason.TypeNotMinimal,
        ["length_missing"] = TlvFailureReason.LengthMissing,
        ["length_truncated"] = TlvFailureReason.LengthTruncated,
        ["length_not_minimal"] = TlvFailureReason.LengthNotMinimal,
        ["value_missing"] = TlvFailureReason.ValueMissing,
        ["value_truncated"] = TlvFailureReason.ValueTruncated,
        ["unknown_even_type"] = TlvFailureReason.UnknownEvenType,
        ["value_longer_than_known_type"] = TlvFailureReason.ValueTooLong,
        ["value_shorter_than_known_type"] = TlvFailureReason.ValueTooShort,
        ["truncated_int_not_minimal"] = TlvFailureReason.TruncatedIntNotMinimal,
        ["invalid_point"] = TlvFailureReason.InvalidValue,
        ["ordering_violation"] = TlvFailureReason.TypesNotIncreasing,
        ["ordering_violation_involving_ignored_odd_records"] = TlvFailureReason.TypesNotIncreasing,
        ["duplicate_type"] = TlvFailureReason.DuplicateType,
        ["duplicate_type_of_ignored_odd_record"] = TlvFailureReason.DuplicateType,
    };

    private static readonly Dictionary<string, string[]> GroupNamespaces = new()
    {
        ["any_namespace_fail"] = ["n1", "n2"],
        ["either_namespace_fail"] = ["n1", "n2"],
        ["n1_fail"] = ["n1"],
        ["n1_stream_fail"] = ["n1"],
        ["n2_stream_fail"] = ["n2"],
        ["either_namespace_ok"] = ["n1", "n2"],
        ["n1_ok"] = ["n1"],
    };

    public static TheoryData<string, int, string> Rows()
    {
        using JsonDocument doc = VectorFile.Open(File);
        var data = new TheoryData<string, int, string>();
        foreach ((string group, string[] namespaces) in GroupNamespaces)
        {
            int count = doc.RootElement.GetProperty(group).GetArrayLength();
            for (int i = 0; i < count; i++)
            {
                foreach (string ns in namespaces)
                {
                    data.Add(group, i, ns);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_group_in_the_file_is_covered()
    {
        using JsonDocument doc = VectorFile.Open(File);
        string[] groups = [.. doc.RootElement.GetProperty("groups_explained").EnumerateObject().Select(p => p.Name)];
        Assert.Equal(groups.Order(), GroupNamespaces.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row_decodes_as_the_vector_says(string group, int index, string ns)
    {
        JsonElement row = Row(group, index);
        byte[] stream = Convert.FromHexString(row.GetProperty("stream_hex").GetString()!);

        bool ok = TestNamespaces.TryDecode(ns, stream, out Dictionary<string, string> decoded, out TlvFailure failure);

        if (row.TryGetProperty("expected_error", out JsonElement label))
        {
            Assert.False(ok, $"expected {label.GetString()}");
            Assert.Equal(Labels[label.GetString()!], failure.Reason);
            Assert.InRange(failure.Offset, 0, Math.Max(0, stream.Length - 1));
        }
        else
        {
            Assert.True(ok, failure.ToString());
            Assert.Equal(Expected(row.GetProperty("decoded")), decoded);
        }
    }

    [Fact]
    public void Failing_stream_after_a_valid_stream_still_fails()
    {
        using JsonDocument doc = VectorFile.Open(File);
        foreach (string valid in StreamsOf(doc, "n1_ok").Concat(StreamsOf(doc, "either_namespace_ok")))
        {
            foreach (string group in new[] { "any_namespace_fail", "either_namespace_fail", "n1_fail", "n1_stream_fail" })
            {
                foreach (string failing in StreamsOf(doc, group))
                {
                    byte[] stream = Convert.FromHexString(valid + failing);
                    Assert.False(TestNamespaces.TryDecode("n1", stream, out _, out _), valid + failing);
                }
            }
        }
    }

    [Fact]
    public void Two_valid_streams_with_increasing_types_still_decode()
    {
        using JsonDocument doc = VectorFile.Open(File);
        JsonElement[] rows = [.. doc.RootElement.GetProperty("n1_ok").EnumerateArray()];
        foreach (JsonElement first in rows)
        {
            foreach (JsonElement second in rows)
            {
                Dictionary<string, string> a = Expected(first.GetProperty("decoded"));
                Dictionary<string, string> b = Expected(second.GetProperty("decoded"));
                if (TypeOf(a) >= TypeOf(b))
                {
                    continue;
                }

                byte[] stream = Convert.FromHexString(first.GetProperty("stream_hex").GetString() + second.GetProperty("stream_hex").GetString());
                Assert.True(TestNamespaces.TryDecode("n1", stream, out Dictionary<string, string> decoded, out TlvFailure failure), failure.ToString());
                Assert.Equal(a.Concat(b).ToDictionary(), decoded);
            }
        }
    }

    private static int TypeOf(Dictionary<string, string> decoded) =>
        decoded.Keys.First()[..4] switch { "tlv1" => 1, "tlv2" => 2, "tlv3" => 3, _ => 254 };

    private static IEnumerable<string> StreamsOf(JsonDocument doc, string group) =>
        [.. doc.RootElement.GetProperty(group).EnumerateArray().Select(r => r.GetProperty("stream_hex").GetString()!)];

    private static Dictionary<string, string> Expected(JsonElement decoded)
    {
        var result = new Dictionary<string, string>();
        foreach (JsonProperty record in decoded.EnumerateObject())
        {
            foreach (JsonProperty field in record.Value.EnumerateObject())
            {
                result[$"{record.Name}.{field.Name}"] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
            }
        }

        return result;
    }

    private static JsonElement Row(string group, int index)
    {
        using JsonDocument doc = VectorFile.Open(File);
        return doc.RootElement.GetProperty(group)[index].Clone();
    }
}
