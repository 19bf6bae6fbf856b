using LnRelay.Chain.Blocks;
using LnRelay.Chain.Rpc;
using LnRelay.Node.Logging;
using LnRelay.Node.Network;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NBitcoin.RPC;
using Polly;
using Polly.Retry;

namespace LnRelay.Node.Chain;

/// <summary>
/// Follows the network's chain over its Bitcoin Core JSON-RPC (docs/chain.md "Nodes follow
/// the chain"), with NBitcoin's RPCClient: every <see cref="PollInterval"/> it asks the block
/// count and fetches each new block, which <see cref="ChainWatcher"/> checks (link, proof of
/// work, merkle root) and reads for the channels' funding outputs and their spends. The tip's
/// height becomes the switch's; this node's channels are refused until their funding output
/// checks pass and again once it is spent; the payer's graph forgets channels whose output
/// failed or was spent 72 blocks ago. A failed call is retried with back-off (Polly); a chain
/// that stays unreachable is logged once, and the node keeps forwarding at its last height.
/// Start-up does not wait for the first sync: until it is done, every channel of the node is
/// refused ("waiting for the chain"), which GET /v1/channels shows and 'lnrelay up' waits out.
/// </summary>
public sealed class RpcChainFollower : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The refusal of a channel before the chain has confirmed it (GET /v1/channels shows it; 'lnrelay up' waits until none is left).</summary>
    public const string WaitingForChain = "waiting for the chain to confirm its funding output";

    private readonly RPCClient _rpc;
    private readonly ChainSource _source;
    private readonly string _self;
    private readonly HtlcSwitch _switch;
    private readonly PayerGraph _graph;
    private readonly ChainWatcher _watcher;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ResiliencePipeline _retry;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, NBitcoin.OutPoint> _funding = new();
    private bool _unreachable;

    public RpcChainFollower(NetworkDescription network, string self, RpcCredentials credentials, HtlcSwitch htlcSwitch, PayerGraph graph, TimeProvider time, ILogger log)
    {
        _source = network.ChainSource ?? throw new ArgumentException("The network has no chain.", nameof(network));
        _rpc = new RPCClient(credentials.AuthenticationString, _source.RpcUrl, Regtest.Network);
        _self = self;
        _switch = htlcSwitch;
        _graph = graph;
        _watcher = new ChainWatcher(network);
        _time = time;
        _log = log;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<RPCException>().Handle<TimeoutException>().Handle<TaskCanceledException>(),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxRetryAttempts = 3,
                OnRetry = args =>
                {
                    _log.LogWarning(NodeLogEvents.ChainRpcRetry, "Chain RPC {Url} failed ({Error}); retry {Attempt} in {Delay}", _source.RpcUrl, args.Outcome.Exception?.Message, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        // Nothing is used before the chain vouches for it.
        foreach (var channel in network.ChannelsOf(self))
        {
            _switch.Refuse(channel.ShortChannelId, WaitingForChain);
        }
    }

    /// <summary>The funding outpoint of a channel the chain has verified (for a close), or null.</summary>
    public NBitcoin.OutPoint? FundingOutpoint(Sphinx.ShortChannelId scid) => _funding.GetValueOrDefault(scid.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
                await Task.Delay(PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One round: the genesis check on first contact, then every block above the last one seen.</summary>
    private async Task PollAsync(CancellationToken ct)
    {
        try
        {
            if (_watcher.Height < 0)
            {
                var genesis = await _retry.ExecuteAsync(async t => await _rpc.GetBlockHashAsync(0, t), ct);
                if (_watcher.ConnectGenesis(genesis, _source.ChainHashHex) is { } wrong)
                {
                    _log.LogError(NodeLogEvents.ChainBlockInvalid, "Chain {Url}: {Problem}; every channel stays refused", _source.RpcUrl, wrong);
                    return;
                }
            }

            var count = await _retry.ExecuteAsync(async t => await _rpc.GetBlockCountAsync(t), ct);
            Reachable();
            while (_watcher.Height < count)
            {
                var height = _watcher.Height + 1;
                var block = await _retry.ExecuteAsync(async t => await _rpc.GetBlockAsync(await _rpc.GetBlockHashAsync(height, t), t), ct);
                var events = new List<ChannelEvent>();
                if (_watcher.Connect(block, events) is { } problem)
                {
                    _log.LogError(NodeLogEvents.ChainBlockInvalid, "Chain {Url}: {Problem}; staying at height {Height}", _source.RpcUrl, problem, _watcher.Height);
                    return;
                }

                foreach (var e in events)
                {
                    Apply(e);
                }
            }

            if (_watcher.Height > _switch.BlockHeight)
            {
                _switch.TrySetBlockHeight((uint)_watcher.Height);
            }
        }
        catch (Exception e) when (e is HttpRequestException or RPCException or TimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            if (!_unreachable)
            {
                _unreachable = true;
                _log.LogWarning(NodeLogEvents.ChainUnreachable, "Chain {Url} unreachable ({Error}): forwarding goes on at height {Height}, the last known, until it answers", _source.RpcUrl, e.Message, _switch.BlockHeight);
            }
        }
    }

    private void Reachable()
    {
        if (_unreachable)
        {
            _unreachable = false;
            _log.LogInformation(NodeLogEvents.ChainReachable, "Chain {Url} answers again at height {Height}", _source.RpcUrl, _watcher.Height);
        }
    }

    private void Apply(ChannelEvent e)
    {
        var scid = e.Channel.ShortChannelId;
        var ours = e.Channel.Involves(_self) && !e.Channel.Closed;
        switch (e.Kind)
        {
            case ChannelEventKind.Verified:
                _funding[scid.Value] = e.Outpoint!;
                if (ours)
                {
                    _switch.Accept(scid);
                }

                break;
            case ChannelEventKind.Invalid:
                _log.LogError(NodeLogEvents.ChannelFundingInvalid, "Channel {Scid} refused: funding check {Check} failed: {Detail}", scid.ToString(), e.Check.ToString(), e.Detail);
                _switch.Refuse(scid, $"funding check {e.Check} failed: {e.Detail}");
                _graph.Forget(scid);
                break;
            case ChannelEventKind.Closed:
                _log.LogInformation(NodeLogEvents.ChannelClosedOnChain, "Channel {Scid} closed on chain: its funding output was {Detail}{Action}", scid.ToString(), e.Detail, ours ? "; no more HTLCs on it" : $"; payers forget it after {ChainWatcher.ForgetAfterSpentBlocks} blocks");
                _switch.Refuse(scid, $"closed on chain: funding output {e.Detail}");
                _funding.TryRemove(scid.Value, out _);
                break;
            case ChannelEventKind.Forgotten:
                _log.LogInformation(NodeLogEvents.ChannelForgotten, "Channel {Scid} forgotten: its funding output was {Detail} (BOLT 7)", scid.ToString(), e.Detail);
                _graph.Forget(scid);
                break;
        }
    }
}
