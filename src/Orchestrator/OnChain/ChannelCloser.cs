using LnRelay.Chain.Funding;
using LnRelay.Node.Api;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.NetworkSetup;
using NBitcoin;

namespace LnRelay.Orchestrator.OnChain;

/// <summary>
/// A cooperative close (docs/chain.md "Closing is a spend"): both ends build and sign the
/// closing transaction through their control APIs (POST /v1/channels/{scid}/close), this
/// puts both signatures in the witness, sends it to the chain (sendrawtransaction) and mines
/// it into the next block (generatetoaddress 1). The ends then see the spend and stop using
/// the channel; other nodes keep it in their graph for 72 blocks (BOLT 7).
/// </summary>
internal static class ChannelCloser
{
    public static async Task<CloseResult> CloseAsync(NetworkFolder folder, NetworkChannel channel, CancellationToken ct)
    {
        using var node1 = folder.Client(channel.Node1.Name);
        using var node2 = folder.Client(channel.Node2.Name);
        var path = $"/v1/channels/{channel.ShortChannelId}/close";
        var half1 = await node1.PostAsync<CloseSignature>(path, new { }, ct);
        var half2 = await node2.PostAsync<CloseSignature>(path, new { }, ct);
        if (half1.Transaction != half2.Transaction)
        {
            return CloseResult.Failed($"{channel.Node1.Name} and {channel.Node2.Name} built different closing transactions (node1's balance {half1.Node1BalanceMsat} vs {half2.Node1BalanceMsat} msat): they disagree on the channel's balances.");
        }

        var close = Transaction.Parse(half1.Transaction, Network.RegTest);
        var funded = new FundedChannel(
            close.Inputs[0].PrevOut,
            (int)channel.ShortChannelId.BlockHeight,
            (int)channel.ShortChannelId.TxIndex,
            channel.ShortChannelId.OutputIndex,
            new PubKey(channel.Node1FundingKey!.Value.ToBytes()),
            new PubKey(channel.Node2FundingKey!.Value.ToBytes()),
            Money.Satoshis((long)(channel.CapacityMsat / 1000)));
        CooperativeClose.Complete(close, funded, new TransactionSignature(Convert.FromHexString(half1.Signature)), new TransactionSignature(Convert.FromHexString(half2.Signature)));

        var miner = NetworkChainFiles.MinerAddress(folder.Directory, out var seedError);
        if (miner is null)
        {
            return CloseResult.Failed(seedError!);
        }

        var rpc = ChainRpcClient.Connect(folder);
        var txid = await rpc.SendRawTransactionAsync(close, ct);
        await rpc.GenerateToAddressAsync(1, miner, ct);
        var height = await rpc.GetBlockCountAsync(ct);
        return new CloseResult(txid.ToString(), height, close.Outputs.Select(o => o.Value.Satoshi).ToList(), null);
    }
}

/// <summary>The closing transaction mined and the block it is in, or why there is none.</summary>
internal sealed record CloseResult(string? Txid, int Height, IReadOnlyList<long> OutputsSat, string? Error)
{
    public static CloseResult Failed(string error) => new(null, 0, [], error);
}
