using LnRelay.Chain.Rpc;
using LnRelay.Node.Logging;
using LnRelay.Node.Network;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Chain;

/// <summary>
/// One node's follower of the network's chain (docs/chain.md "Nodes follow the chain"): it
/// subscribes to the process's <see cref="ChainFeed"/> for that chain, which polls its Bitcoin
/// Core JSON-RPC every <see cref="PollInterval"/> (with NBitcoin's RPCClient) and checks each
/// new block once for every node of the process. The tip's height becomes the switch's;
/// this node's channels are refused until their funding output checks pass and again once
/// it is spent; the payer's graph forgets channels whose output failed or was spent 72
/// blocks ago. Start-up does not wait for the first sync: until it is done, every channel
/// of the node is refused ("waiting for the chain"), which GET /v1/channels shows and
/// 'lnrelay up' waits out.
/// </summary>
internal sealed class RpcChainFollower : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The refusal of a channel before the chain has confirmed it (GET /v1/channels shows it; 'lnrelay up' waits until none is left).</summary>
    public const string WaitingForChain = "waiting for the chain to confirm its funding output";

    private readonly NetworkDescription _network;
    private readonly RpcCredentials _credentials;
    private readonly HtlcSwitch _switch;
    private readonly PayerGraph _graph;
    private readonly TimeProvider _time;
    private ChainFeed? _feed;

    public RpcChainFollower(NetworkDescription network, string self, RpcCredentials credentials, HtlcSwitch htlcSwitch, PayerGraph graph, TimeProvider time, ILogger log)
    {
        _ = network.ChainSource ?? throw new ArgumentException("The network has no chain.", nameof(network));
        _network = network;
        _credentials = credentials;
        Self = self;
        _switch = htlcSwitch;
        _graph = graph;
        _time = time;
        Log = log;

        // Nothing is used before the chain vouches for it.
        foreach (var channel in network.ChannelsOf(self))
        {
            _switch.Refuse(channel.ShortChannelId, WaitingForChain);
        }
    }

    /// <summary>This node's name.</summary>
    internal string Self { get; }

    /// <summary>This node's log, where the feed says what it sees of the chain.</summary>
    internal ILogger Log { get; }

    /// <summary>The funding outpoint of a channel the chain has verified (for a close), or null.</summary>
    public NBitcoin.OutPoint? FundingOutpoint(Sphinx.ShortChannelId scid) => _feed?.FundingOutpoint(scid);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _feed = ChainFeed.Subscribe(_network, _credentials, _time, this);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _feed.UnsubscribeAsync(this);
        }
    }

    /// <summary>The feed connected blocks up to <paramref name="height"/>: the switch moves up to it, never back.</summary>
    internal void ReachedHeight(int height)
    {
        if (height > _switch.BlockHeight)
        {
            _switch.TrySetBlockHeight((uint)height);
        }
    }

    /// <summary>What one event of the chain means for this node.</summary>
    internal void Apply(ChannelEvent e)
    {
        var scid = e.Channel.ShortChannelId;
        var ours = e.Channel.Involves(Self) && !e.Channel.Closed;
        switch (e.Kind)
        {
            case ChannelEventKind.Verified:
                if (ours)
                {
                    _switch.Accept(scid);
                }

                break;
            case ChannelEventKind.Invalid:
                Log.LogError(NodeLogEvents.ChannelFundingInvalid, "Channel {Scid} refused: funding check {Check} failed: {Detail}", scid.ToString(), e.Check.ToString(), e.Detail);
                _switch.Refuse(scid, $"funding check {e.Check} failed: {e.Detail}");
                _graph.Forget(scid);
                break;
            case ChannelEventKind.Closed:
                Log.LogInformation(NodeLogEvents.ChannelClosedOnChain, "Channel {Scid} closed on chain: its funding output was {Detail}{Action}", scid.ToString(), e.Detail, ours ? "; no more HTLCs on it" : $"; payers forget it after {ChainWatcher.ForgetAfterSpentBlocks} blocks");
                _switch.Refuse(scid, $"closed on chain: funding output {e.Detail}");
                break;
            case ChannelEventKind.Forgotten:
                Log.LogInformation(NodeLogEvents.ChannelForgotten, "Channel {Scid} forgotten: its funding output was {Detail} (BOLT 7)", scid.ToString(), e.Detail);
                _graph.Forget(scid);
                break;
        }
    }
}
