using LnRelay.Chain.Blocks;
using LnRelay.Chain.Funding;
using LnRelay.Node.Network;
using NBitcoin;

namespace LnRelay.Node.Chain;

/// <summary>
/// What a node knows of the chain, sans IO (docs/chain.md "Nodes follow the chain"): it is
/// given blocks in order and checks each one links to the last, meets regtest's proof of
/// work and has the merkle root of its transactions; it finds each channel's funding output
/// where the scid points and checks it (<see cref="FundingCheck"/>), and sees the spends of
/// those outputs. The follower turns its <see cref="ChannelEvent"/>s into the switch's and
/// the graph's state and log lines.
/// </summary>
internal sealed class ChainWatcher
{
    /// <summary>BOLT 7: a node waits for 6 confirmations before it uses a channel.</summary>
    public const int MinimumConfirmations = FundingChainBuilder.Confirmations;

    /// <summary>BOLT 7: forget a channel 72 blocks after its funding output is spent (room for a splice to be announced).</summary>
    public const int ForgetAfterSpentBlocks = 72;

    private readonly List<uint256> _hashes = [];
    private readonly Dictionary<ulong, Watched> _channels = [];
    private readonly Dictionary<OutPoint, Watched> _byOutpoint = [];

    public ChainWatcher(NetworkDescription network) =>
        _channels = network.Channels.ToDictionary(c => c.ShortChannelId.Value, c => new Watched(c));

    /// <summary>The height of the last block connected; -1 before the genesis block.</summary>
    public int Height => _hashes.Count - 1;

    /// <summary>Starts the chain at its genesis block, whose hash must be network.json's chain_hash (internal byte order); the error says why not.</summary>
    public string? ConnectGenesis(uint256 genesisHash, string chainHashHex)
    {
        var internalOrder = Convert.ToHexStringLower(genesisHash.ToBytes());
        if (internalOrder != chainHashHex)
        {
            return $"the chain's genesis block is {genesisHash}, whose chain_hash {internalOrder} is not network.json's {chainHashHex}: the RPC serves another chain";
        }

        _hashes.Clear();
        _hashes.Add(genesisHash);
        return null;
    }

    /// <summary>
    /// Connects the next block (at <see cref="Height"/> + 1); null with the channel events it
    /// caused, or the check it failed (then nothing changes).
    /// </summary>
    public string? Connect(Block block, List<ChannelEvent> events)
    {
        if (_hashes.Count == 0)
        {
            throw new InvalidOperationException("ConnectGenesis first.");
        }

        var height = _hashes.Count;
        if (block.Header.HashPrevBlock != _hashes[^1])
        {
            return $"block {height} ({block.GetHash()}) does not link to block {height - 1} ({_hashes[^1]})";
        }

        if (block.Header.Bits != new Target(Regtest.Bits) || !block.Header.CheckProofOfWork())
        {
            return $"block {height} ({block.GetHash()}) does not meet regtest's proof of work";
        }

        if (!block.Check())
        {
            return $"block {height} ({block.GetHash()}): its merkle root is not its transactions'";
        }

        _hashes.Add(block.GetHash());
        foreach (var tx in block.Transactions.Skip(1))
        {
            foreach (var input in tx.Inputs)
            {
                if (_byOutpoint.Remove(input.PrevOut, out var spent))
                {
                    spent.SpentAt = height;
                    events.Add(new ChannelEvent(spent.Channel, ChannelEventKind.Closed, height, $"spent by {tx.GetHash()} in block {height}"));
                }
            }
        }

        foreach (var watched in _channels.Values.Where(w => w.Channel.ShortChannelId.BlockHeight == height))
        {
            Resolve(watched, block, height, events);
        }

        foreach (var watched in _channels.Values)
        {
            if (watched is { Outpoint: not null, SpentAt: null, Usable: false } && height - watched.FundedAt + 1 >= MinimumConfirmations)
            {
                watched.Usable = true;
                events.Add(new ChannelEvent(watched.Channel, ChannelEventKind.Verified, height, $"{height - watched.FundedAt + 1} confirmations") { Outpoint = watched.Outpoint });
            }

            if (watched is { SpentAt: { } spentAt, Forgotten: false } && height - spentAt >= ForgetAfterSpentBlocks)
            {
                watched.Forgotten = true;
                events.Add(new ChannelEvent(watched.Channel, ChannelEventKind.Forgotten, height, $"spent {height - spentAt} blocks ago"));
            }
        }

        return null;
    }

    /// <summary>Channels whose funding block the chain has not reached yet (an scid above the tip), for the log.</summary>
    public IEnumerable<NetworkChannel> Unresolved => _channels.Values.Where(w => w.Outpoint is null && !w.Invalid).Select(w => w.Channel);

    private void Resolve(Watched watched, Block block, int height, List<ChannelEvent> events)
    {
        var scid = watched.Channel.ShortChannelId;
        if (scid.TxIndex >= block.Transactions.Count || scid.OutputIndex >= block.Transactions[(int)scid.TxIndex].Outputs.Count)
        {
            Invalid(watched, FundingCheck.OutputExists, height, $"block {height} has no transaction {scid.TxIndex} with an output {scid.OutputIndex}", events);
            return;
        }

        var tx = block.Transactions[(int)scid.TxIndex];
        var output = tx.Outputs[scid.OutputIndex];
        var expected = FundingScript.ScriptPubKey(new PubKey(watched.Channel.Node1FundingKey!.Value.ToBytes()), new PubKey(watched.Channel.Node2FundingKey!.Value.ToBytes()));
        if (output.ScriptPubKey != expected)
        {
            Invalid(watched, FundingCheck.PaysTo2Of2, height, $"output {tx.GetHash()}:{scid.OutputIndex} pays {output.ScriptPubKey}, not the P2WSH of 2-of-2 of the funding pubkeys", events);
            return;
        }

        if ((ulong)output.Value.Satoshi * 1000 != watched.Channel.CapacityMsat)
        {
            Invalid(watched, FundingCheck.Capacity, height, $"output {tx.GetHash()}:{scid.OutputIndex} holds {output.Value.Satoshi} sat, not capacity_msat {watched.Channel.CapacityMsat} / 1000", events);
            return;
        }

        watched.Outpoint = new OutPoint(tx, scid.OutputIndex);
        watched.FundedAt = height;
        _byOutpoint[watched.Outpoint] = watched;
    }

    private static void Invalid(Watched watched, FundingCheck check, int height, string why, List<ChannelEvent> events)
    {
        watched.Invalid = true;
        events.Add(new ChannelEvent(watched.Channel, ChannelEventKind.Invalid, height, why) { Check = check });
    }

    private sealed class Watched(NetworkChannel channel)
    {
        public NetworkChannel Channel { get; } = channel;

        public OutPoint? Outpoint { get; set; }

        public int FundedAt { get; set; }

        public int? SpentAt { get; set; }

        public bool Usable { get; set; }

        public bool Invalid { get; set; }

        public bool Forgotten { get; set; }
    }
}

internal enum ChannelEventKind
{
    /// <summary>The funding output passed every check and has its confirmations: the channel may be used.</summary>
    Verified,

    /// <summary>The funding output failed a check (<see cref="ChannelEvent.Check"/>): never use the channel.</summary>
    Invalid,

    /// <summary>The funding output was spent: its ends stop using the channel.</summary>
    Closed,

    /// <summary>Spent <see cref="ChainWatcher.ForgetAfterSpentBlocks"/> blocks ago: payers drop it from their graph.</summary>
    Forgotten,
}

/// <summary>Something the chain said about a channel, at a height.</summary>
internal sealed record ChannelEvent(NetworkChannel Channel, ChannelEventKind Kind, int Height, string Detail)
{
    public FundingCheck? Check { get; init; }

    /// <summary>The funding outpoint, with <see cref="ChannelEventKind.Verified"/>.</summary>
    public OutPoint? Outpoint { get; init; }
}
