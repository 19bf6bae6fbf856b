namespace LnRelay.Node.Chain;

/// <summary>
/// The checks a node makes of each channel's funding output before it uses the channel
/// (BOLT 7 "The channel_announcement Message", receiving node, in spirit; docs/chain.md).
/// The names appear in ChannelFundingInvalid log lines.
/// </summary>
internal enum FundingCheck
{
    /// <summary>The scid's block, transaction and output exist on the chain.</summary>
    OutputExists,

    /// <summary>The output is the P2WSH of 2-of-2 of the two funding pubkeys, in BOLT 3 order.</summary>
    PaysTo2Of2,

    /// <summary>The output's value × 1000 is the channel's capacity_msat.</summary>
    Capacity,

    /// <summary>No transaction in the chain spends it.</summary>
    Unspent,

    /// <summary>It has at least 6 confirmations.</summary>
    Confirmations,
}
