using System.Text.Json;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Sphinx.Tests.Failures;

/// <summary>The enum against bolt04-failure-codes.json: values, names, flags, data layouts.</summary>
public sealed class FailureCodeTests
{
    private static readonly JsonElement Codes = VectorJson.Load("bolt04-failure-codes.json");

    [Fact]
    public void Every_code_in_the_table_is_in_the_enum_with_its_name_and_flags()
    {
        JsonElement[] rows = [.. Codes.GetProperty("codes").EnumerateArray(), .. Codes.GetProperty("obsolete_codes_do_not_send").EnumerateArray()];
        foreach (JsonElement row in rows)
        {
            string name = row.GetProperty("name").GetString()!;
            var code = (FailureCode)row.GetProperty("code").GetUInt16();
            Assert.True(code.IsKnown(), name);
            Assert.Equal(name, code.SpecName());
            Assert.True(FailureCodeNames.TryParseSpecName(name, out FailureCode parsed));
            Assert.Equal(code, parsed);

            string[] flags = [.. row.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)];
            Assert.Equal(flags.Contains("BADONION"), code.IsBadOnion());
            Assert.Equal(flags.Contains("PERM"), code.IsPermanent());
            Assert.Equal(flags.Contains("NODE"), code.IsNode());
            Assert.Equal(flags.Contains("UPDATE"), code.IsUpdate());
        }

        Assert.Equal(rows.Length, Enum.GetValues<FailureCode>().Length);
    }

    [Fact]
    public void Flag_values_match_the_table()
    {
        JsonElement flags = Codes.GetProperty("flags");
        Assert.Equal(FailureFlags.BadOnion, flags.GetProperty("BADONION").GetUInt16());
        Assert.Equal(FailureFlags.Perm, flags.GetProperty("PERM").GetUInt16());
        Assert.Equal(FailureFlags.Node, flags.GetProperty("NODE").GetUInt16());
        Assert.Equal(FailureFlags.Update, flags.GetProperty("UPDATE").GetUInt16());
    }

    [Fact]
    public void Data_layout_matches_the_table_fields()
    {
        foreach (JsonElement row in Codes.GetProperty("codes").EnumerateArray())
        {
            var code = (FailureCode)row.GetProperty("code").GetUInt16();
            string fields = string.Join(",", row.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
            FailureDataLayout expected = fields switch
            {
                "" => FailureDataLayout.None,
                "sha256_of_onion" => FailureDataLayout.Sha256OfOnion,
                "len,channel_update" => FailureDataLayout.ChannelUpdate,
                "htlc_msat,len,channel_update" => FailureDataLayout.HtlcMsatAndChannelUpdate,
                "cltv_expiry,len,channel_update" => FailureDataLayout.CltvExpiryAndChannelUpdate,
                "disabled_flags,len,channel_update" => FailureDataLayout.DisabledFlagsAndChannelUpdate,
                "htlc_msat,height" => FailureDataLayout.HtlcMsatAndHeight,
                "cltv_expiry" => FailureDataLayout.CltvExpiry,
                "incoming_htlc_amt" => FailureDataLayout.HtlcMsat,
                "type,offset" => FailureDataLayout.PayloadTypeAndOffset,
                _ => throw new InvalidOperationException(fields),
            };
            Assert.Equal(expected, FailureDataLayouts.Of(code));
        }
    }

    [Fact]
    public void Unlisted_code_gets_a_hex_name()
    {
        Assert.Equal("unknown_0x1234", ((FailureCode)0x1234).SpecName());
        Assert.False(((FailureCode)0x1234).IsKnown());
        Assert.False(FailureCodeNames.TryParseSpecName("no_such_failure", out _));
    }
}
