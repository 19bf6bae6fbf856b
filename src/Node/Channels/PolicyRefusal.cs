using System.Globalization;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Node.Channels;

/// <summary>
/// A rule a <see cref="ChannelPolicy"/> breaks (<see cref="ChannelPolicy.Refusals"/>). The rules
/// live here once; each reader of a policy turns a refusal into its own message: the topology
/// reader with the YAML file's line and column, the network-file validator with the JSON path,
/// the control API as an HTTP 400.
/// </summary>
public enum PolicyRefusal
{
    /// <summary>cltv_expiry_delta 0: a forward would leave the node no blocks to claim the incoming HTLC (BOLT 2 "cltv_expiry_delta Selection").</summary>
    CltvExpiryDeltaZero,

    /// <summary>htlc_minimum_msat above htlc_maximum_msat: no amount could pass.</summary>
    MinimumAboveMaximum,

    /// <summary>htlc_minimum_msat above every bitcoin there will be (BOLT 4's 21 million BTC in msat).</summary>
    MinimumAboveMoneySupply,

    /// <summary>htlc_maximum_msat 0: no HTLC could pass (BOLT 7 "The channel_update Message": htlc_maximum_msat is at least htlc_minimum_msat, and an HTLC carries at least 1 msat).</summary>
    MaximumZero,
}

/// <summary>The field each <see cref="PolicyRefusal"/> is about, and the sentence that says it (with the fix).</summary>
public static class PolicyRefusalText
{
    /// <summary>The snake_case field the refusal is about (a topology reader reports at that field's position).</summary>
    public static string Field(this PolicyRefusal refusal) => refusal switch
    {
        PolicyRefusal.CltvExpiryDeltaZero => "cltv_expiry_delta",
        PolicyRefusal.MaximumZero => "htlc_maximum_msat",
        _ => "htlc_minimum_msat",
    };

    /// <summary>What is wrong with <paramref name="policy"/>, starting with the field's name, without a final full stop.</summary>
    public static string Describe(this PolicyRefusal refusal, ChannelPolicy policy) => refusal switch
    {
        PolicyRefusal.CltvExpiryDeltaZero => "cltv_expiry_delta must be at least 1 block (34 or more is recommended, BOLT 2)",
        PolicyRefusal.MinimumAboveMaximum => string.Create(CultureInfo.InvariantCulture, $"htlc_minimum_msat {policy.HtlcMinimumMsat} is above htlc_maximum_msat {policy.HtlcMaximumMsat}"),
        PolicyRefusal.MinimumAboveMoneySupply => string.Create(CultureInfo.InvariantCulture, $"htlc_minimum_msat {policy.HtlcMinimumMsat} is above 21 million BTC ({HopPayloadTypes.MaxMsat} msat)"),
        PolicyRefusal.MaximumZero => "htlc_maximum_msat must be at least 1 msat",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}
