using NBitcoin;

namespace LnRelay.Chain.Funding;

/// <summary>
/// Where a channel's funding output landed: its block height, the transaction's index in
/// that block and the output's index: the three parts of its short_channel_id (BOLT 7
/// "Definition of short_channel_id"). <see cref="ClosedBy"/> is the spending transaction when
/// the channel was closed on chain.
/// </summary>
public sealed record FundedChannel(OutPoint Outpoint, int Height, int TxIndex, int OutputIndex, PubKey Node1FundingKey, PubKey Node2FundingKey, Money Capacity)
{
    public uint256? ClosedBy { get; init; }

    /// <summary>The BOLT 7 text form, HEIGHTxTXxOUTPUT.</summary>
    public string ShortChannelId => $"{Height}x{TxIndex}x{OutputIndex}";
}
