using LnRelay.Sphinx.Payloads;

namespace LnRelay.Node.Channels;

/// <summary>
/// One direction's forwarding policy: what the node at the start of that direction
/// charges and requires for HTLCs it forwards over the channel (BOLT 7
/// "The channel_update Message"). Amounts in msat, the delta in blocks. It owns its one
/// <see cref="Default"/> and its rules (<see cref="Refusals"/>); the file and API shapes
/// (<c>PolicyDto</c>, <c>PolicyView</c>, <c>PolicyPatch</c>) map to and from it.
/// </summary>
public sealed record ChannelPolicy(
    uint FeeBaseMsat,
    uint FeeProportionalMillionths,
    ushort CltvExpiryDelta,
    ulong HtlcMinimumMsat,
    ulong HtlcMaximumMsat,
    bool Enabled)
{
    private const ulong Million = 1_000_000;

    /// <summary>The policy a new channel gets when its topology says nothing: BOLT 2 "cltv_expiry_delta Selection" suggests at least 34 blocks.</summary>
    public static ChannelPolicy Default { get; } = new(1_000, 100, 40, 1, ulong.MaxValue, true);

    /// <summary>Every rule this policy breaks; empty for a policy a channel may have.</summary>
    public IReadOnlyList<PolicyRefusal> Refusals()
    {
        var refusals = new List<PolicyRefusal>();
        if (CltvExpiryDelta == 0)
        {
            refusals.Add(PolicyRefusal.CltvExpiryDeltaZero);
        }

        if (HtlcMaximumMsat == 0)
        {
            refusals.Add(PolicyRefusal.MaximumZero);
        }

        if (HtlcMinimumMsat > HopPayloadTypes.MaxMsat)
        {
            refusals.Add(PolicyRefusal.MinimumAboveMoneySupply);
        }
        else if (HtlcMinimumMsat > HtlcMaximumMsat)
        {
            refusals.Add(PolicyRefusal.MinimumAboveMaximum);
        }

        return refusals;
    }

    /// <summary>
    /// fee = fee_base_msat + floor(amt_to_forward * fee_proportional_millionths / 1e6),
    /// on the amount forwarded, not the amount received (BOLT 7 "HTLC Fees").
    /// </summary>
    public ulong FeeFor(ulong amountToForwardMsat) => Fee(FeeBaseMsat, FeeProportionalMillionths, amountToForwardMsat);

    /// <summary><see cref="FeeFor"/> from a policy's two fee fields (pathfinding keeps them beside each edge).</summary>
    internal static ulong Fee(uint feeBaseMsat, uint feeProportionalMillionths, ulong amountToForwardMsat)
    {
        checked
        {
            // The 128-bit product; divided in 64 bits when it fits (every real amount): the same floor either way.
            var high = Math.BigMul(amountToForwardMsat, feeProportionalMillionths, out var low);
            var proportional = high == 0 ? low / Million : (ulong)(new UInt128(high, low) / Million);
            return feeBaseMsat + proportional;
        }
    }

    /// <summary>True when <paramref name="amountMsat"/> lies within [htlc_minimum_msat, htlc_maximum_msat].</summary>
    public bool Allows(ulong amountMsat) => Allows(HtlcMinimumMsat, HtlcMaximumMsat, amountMsat);

    /// <summary><see cref="Allows(ulong)"/> from a policy's two HTLC bounds (pathfinding keeps them beside each edge).</summary>
    internal static bool Allows(ulong htlcMinimumMsat, ulong htlcMaximumMsat, ulong amountMsat) => amountMsat >= htlcMinimumMsat && amountMsat <= htlcMaximumMsat;
}
