using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// <see cref="RecipientData"/> as the spec's vector files write it ("tlvs" objects in
/// bolt04/route-blinding-test.json and blinded-payment-onion-test.json): <c>padding</c>,
/// <c>path_id</c>, points and unknown records (<c>unknown_tag_N</c>) as hex,
/// <c>short_channel_id</c> as "BxTxO", <c>payment_relay</c> and <c>payment_constraints</c> as
/// objects (an absent <c>fee_base_msat</c> is 0), <c>allowed_features</c> as
/// <c>{"features": [bit, …]}</c>. Used by the <c>onion</c> verbs and the vector tests.
/// </summary>
public static class RecipientDataJson
{
    private const string UnknownPrefix = "unknown_tag_";
    private const int BitsPerByte = 8;

    /// <summary>Reads a "tlvs" object. Throws <see cref="FormatException"/> naming the field and the expected form.</summary>
    public static RecipientData Read(JsonElement tlvs)
    {
        if (tlvs.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("\"tlvs\" must be an object of encrypted_data_tlv fields (padding, short_channel_id, next_node_id, path_id, next_path_key_override, payment_relay, payment_constraints, allowed_features, unknown_tag_N).");
        }

        var data = new RecipientData();
        var unknown = new List<TlvRecordData>();
        foreach (var field in tlvs.EnumerateObject())
        {
            data = field.Name switch
            {
                "padding" => data with { PaddingLength = Hex(field).Length },
                "short_channel_id" => data with { ShortChannelId = Scid(field) },
                "next_node_id" => data with { NextNodeId = Point(field) },
                "path_id" => data with { PathId = Hex(field) },
                "next_path_key_override" => data with { NextPathKeyOverride = Point(field) },
                "payment_relay" => data with
                {
                    PaymentRelay = new PaymentRelay(
                        checked((ushort)Number(field.Value, "cltv_expiry_delta", required: true)),
                        checked((uint)Number(field.Value, "fee_proportional_millionths", required: false)),
                        checked((uint)Number(field.Value, "fee_base_msat", required: false))),
                },
                "payment_constraints" => data with
                {
                    PaymentConstraints = new PaymentConstraints(
                        checked((uint)Number(field.Value, "max_cltv_expiry", required: true)),
                        Number(field.Value, "htlc_minimum_msat", required: false)),
                },
                "allowed_features" => data with { AllowedFeatures = Features(field.Value) },
                _ when field.Name.StartsWith(UnknownPrefix, StringComparison.Ordinal) => AddUnknown(data, field, unknown),
                _ => throw new FormatException($"Unknown encrypted_data_tlv field \"{field.Name}\"; an unknown record is written \"unknown_tag_TYPE\": \"HEX\" with an odd TYPE."),
            };
        }

        return unknown.Count == 0 ? data : data with { UnknownOddRecords = unknown };
    }

    /// <summary>Writes the fields in type order, in the same shape <see cref="Read"/> accepts.</summary>
    public static JsonObject Write(RecipientData data)
    {
        var json = new JsonObject();
        if (data.PaddingLength is { } padding)
        {
            json["padding"] = Convert.ToHexStringLower(new byte[padding]);
        }

        if (data.ShortChannelId is { } scid)
        {
            json["short_channel_id"] = scid.ToString();
        }

        if (data.NextNodeId is { } next)
        {
            json["next_node_id"] = next.ToHex();
        }

        if (data.PathId is { } pathId)
        {
            json["path_id"] = Convert.ToHexStringLower(pathId);
        }

        if (data.NextPathKeyOverride is { } overrideKey)
        {
            json["next_path_key_override"] = overrideKey.ToHex();
        }

        if (data.PaymentRelay is { } relay)
        {
            json["payment_relay"] = new JsonObject
            {
                ["cltv_expiry_delta"] = relay.CltvExpiryDelta,
                ["fee_proportional_millionths"] = relay.FeeProportionalMillionths,
                ["fee_base_msat"] = relay.FeeBaseMsat,
            };
        }

        if (data.PaymentConstraints is { } constraints)
        {
            json["payment_constraints"] = new JsonObject
            {
                ["max_cltv_expiry"] = constraints.MaxCltvExpiry,
                ["htlc_minimum_msat"] = constraints.HtlcMinimumMsat,
            };
        }

        if (data.AllowedFeatures is { } features)
        {
            json["allowed_features"] = new JsonObject { ["features"] = new JsonArray([.. Bits(features).Select(b => (JsonNode)b)]) };
        }

        foreach (var record in data.UnknownOddRecords)
        {
            json[string.Create(CultureInfo.InvariantCulture, $"{UnknownPrefix}{record.Type}")] = Convert.ToHexStringLower(record.Value);
        }

        return json;
    }

    private static RecipientData AddUnknown(RecipientData data, JsonProperty field, List<TlvRecordData> unknown)
    {
        if (!ulong.TryParse(field.Name.AsSpan(UnknownPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var type) || type % 2 == 0)
        {
            throw new FormatException($"\"{field.Name}\": an unknown record's type must be an odd number (unknown even types are refused by every reader).");
        }

        unknown.Add(new TlvRecordData(type, Hex(field)));
        return data;
    }

    private static byte[] Hex(JsonProperty field)
    {
        try
        {
            return Convert.FromHexString(field.Value.GetString() ?? throw new FormatException());
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new FormatException($"\"{field.Name}\" must be a hex string.", e);
        }
    }

    private static PublicKey Point(JsonProperty field) =>
        PublicKey.TryParseHex(field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : null, out var key)
            ? key
            : throw new FormatException($"\"{field.Name}\" must be a 33-byte compressed point in hex (66 characters, starting 02 or 03).");

    private static ShortChannelId Scid(JsonProperty field) =>
        ShortChannelId.TryParse(field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : null, out var scid)
            ? scid
            : throw new FormatException($"\"{field.Name}\" must be written BLOCKxTXxOUTPUT, e.g. \"0x0x1729\".");

    private static ulong Number(JsonElement parent, string name, bool required)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return required ? throw new FormatException($"\"{name}\" is required (a non-negative integer).") : 0UL;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number)
            ? number
            : throw new FormatException($"\"{name}\" must be a non-negative integer.");
    }

    private static byte[] Features(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("features", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("\"allowed_features\" must be {\"features\": [bit, ...]}.");
        }

        var bits = list.EnumerateArray().Select(b => b.TryGetInt32(out var bit) && bit is >= 0 and <= ushort.MaxValue ? bit : throw new FormatException("A feature bit is an integer from 0 to 65535.")).ToArray();
        if (bits.Length == 0)
        {
            return [];
        }

        // BOLT 9 bitmaps: bit 0 is the least significant bit of the LAST byte.
        var bitmap = new byte[(bits.Max() / BitsPerByte) + 1];
        foreach (var bit in bits)
        {
            bitmap[bitmap.Length - 1 - (bit / BitsPerByte)] |= (byte)(1 << (bit % BitsPerByte));
        }

        return bitmap;
    }

    private static IEnumerable<int> Bits(byte[] bitmap)
    {
        for (var bit = 0; bit < bitmap.Length * BitsPerByte; bit++)
        {
            if ((bitmap[bitmap.Length - 1 - (bit / BitsPerByte)] & (1 << (bit % BitsPerByte))) != 0)
            {
                yield return bit;
            }
        }
    }
}
