using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using LnRelay.Chain.Blocks;
using LnRelay.Chain.Rpc;
using LnRelay.Node.Logging;
using LnRelay.Node.Network;
using Microsoft.Extensions.Logging;
using NBitcoin.RPC;
using Polly;
using Polly.Retry;

namespace LnRelay.Node.Chain;

/// <summary>
/// One process's follower of one chain (docs/chain.md "Nodes follow the chain"): every
/// <see cref="RpcChainFollower.PollInterval"/> it asks the chain's Bitcoin Core JSON-RPC for
/// the block count and fetches each new block once, which one <see cref="ChainWatcher"/>
/// checks (link, proof of work, merkle root) and reads for the channels' funding outputs,
/// however many nodes of the network the process hosts. Each node's
/// <see cref="RpcChainFollower"/> subscribes: it is given every channel event so far, then
/// each new one, and the tip's height. A thousand in-process nodes polling on their own were
/// 2,000 RPC calls a second and a thousand watchers each holding every channel's state.
/// A failed call is retried with back-off (Polly); a chain that stays unreachable is told to
/// every subscriber once, and the nodes keep forwarding at their last height.
/// </summary>
internal sealed class ChainFeed : IDisposable
{
    private static readonly ConcurrentDictionary<(NetworkDescription Network, Uri Url), ChainFeed> Feeds = new();

    private readonly (NetworkDescription Network, Uri Url) _key;
    private readonly RPCClient _rpc;
    private readonly ChainSource _source;
    private readonly ChainWatcher _watcher;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;
    private readonly Lock _gate = new();
    private readonly List<RpcChainFollower> _subscribers = [];
    private readonly Dictionary<string, List<RpcChainFollower>> _byNode = new(StringComparer.Ordinal);
    private readonly List<ChannelEvent> _events = [];
    private readonly ConcurrentDictionary<ulong, NBitcoin.OutPoint> _funding = new();
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private bool _unreachable;

    private ChainFeed((NetworkDescription, Uri) key, ChainSource source, RpcCredentials credentials, TimeProvider time)
    {
        _key = key;
        _source = source;
        _rpc = new RPCClient(credentials.AuthenticationString, source.RpcUrl, Regtest.Network);
        _watcher = new ChainWatcher(key.Item1);
        _time = time;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<RPCException>().Handle<TimeoutException>().Handle<TaskCanceledException>(),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxRetryAttempts = 3,
                OnRetry = args =>
                {
                    Tell(log => log.LogWarning(NodeLogEvents.ChainRpcRetry, "Chain RPC {Url} failed ({Error}); retry {Attempt} in {Delay}", _source.RpcUrl, args.Outcome.Exception?.Message, args.AttemptNumber + 1, args.RetryDelay));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Feeds polling now in this process (one per network and chain), for tests and the benchmark.</summary>
    public static int Running => Feeds.Count;

    /// <summary>RPC rounds this feed has polled.</summary>
    public long Polls { get; private set; }

    /// <summary>
    /// Subscribes <paramref name="follower"/> to the feed of its network's chain, starting the
    /// feed if it is the first: it is given every event so far and the height at once.
    /// </summary>
    public static ChainFeed Subscribe(NetworkDescription network, RpcCredentials credentials, TimeProvider time, RpcChainFollower follower)
    {
        var source = network.ChainSource ?? throw new ArgumentException("The network has no chain.", nameof(network));
        while (true)
        {
            var feed = Feeds.GetOrAdd((network, source.RpcUrl), key => new ChainFeed(key, source, credentials, time));
            lock (feed._gate)
            {
                if (feed._stop is { IsCancellationRequested: true })
                {
                    // The last subscriber just left and this feed is stopping: start another.
                    continue;
                }

                feed._subscribers.Add(follower);
                CollectionsMarshal.GetValueRefOrAddDefault(feed._byNode, follower.Self, out _) ??= [];
                feed._byNode[follower.Self].Add(follower);

                // A verification concerns the channel's two ends only; the rest is every node's news.
                foreach (var e in feed._events)
                {
                    if (e.Kind != ChannelEventKind.Verified || e.Channel.Involves(follower.Self))
                    {
                        follower.Apply(e);
                    }
                }

                follower.ReachedHeight(feed._watcher.Height);
                if (feed._stop is null)
                {
                    feed._stop = new CancellationTokenSource();
                    feed._loop = feed.RunAsync(feed._stop.Token);
                }

                return feed;
            }
        }
    }

    /// <summary>Ends a subscription; the feed stops polling when none is left.</summary>
    public async Task UnsubscribeAsync(RpcChainFollower follower)
    {
        Task? stopped = null;
        lock (_gate)
        {
            _subscribers.Remove(follower);
            if (_byNode.TryGetValue(follower.Self, out var same) && same.Remove(follower) && same.Count == 0)
            {
                _byNode.Remove(follower.Self);
            }

            if (_subscribers.Count == 0 && _stop is not null)
            {
                _stop.Cancel();
                Feeds.TryRemove(new KeyValuePair<(NetworkDescription, Uri), ChainFeed>(_key, this));
                stopped = _loop;
            }
        }

        if (stopped is not null)
        {
            await stopped.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Dispose();
        }
    }

    public void Dispose()
    {
        _stop?.Dispose();
    }

    /// <summary>The funding outpoint of a channel the chain has verified (for a close), or null.</summary>
    public NBitcoin.OutPoint? FundingOutpoint(Sphinx.ShortChannelId scid) => _funding.GetValueOrDefault(scid.Value);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
                Polls++;
                await Task.Delay(RpcChainFollower.PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Makes the RPC round trip every poll starts with (the block count, through the retry pipeline)
    /// <paramref name="calls"/> times on each feed this process runs for <paramref name="network"/>, and nothing else: no block is
    /// fetched and no follower told. For a benchmark's warm-up: a poll runs twice a second, so its
    /// code (NBitcoin's RPC client, HttpClient, the chain service's Kestrel and JSON, Polly) reaches the
    /// JIT's call-count thresholds 15 and 30 s after the nodes start, and its tier-ups (100-500 methods,
    /// up to half a second of a core) landed in measured phases (docs/performance.md, "Tier-ups of code
    /// that runs a few times a second").
    /// </summary>
    /// <returns>The round trips made: 0 when this process runs no feed for <paramref name="network"/>.</returns>
    public static async Task<int> WarmUpAsync(NetworkDescription network, int calls, CancellationToken ct)
    {
        // Only this network's feeds: a process (a test run) may host other networks, stopping or stopped.
        var made = 0;
        foreach (var (key, feed) in Feeds)
        {
            if (!key.Network.Equals(network))
            {
                continue;
            }

            for (var i = 0; i < calls; i++)
            {
                await feed.BlockCountAsync(ct);
                made++;
            }
        }

        return made;
    }

    private async Task<int> BlockCountAsync(CancellationToken ct) => await _retry.ExecuteAsync(async t => await _rpc.GetBlockCountAsync(t), ct);

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
                    Tell(log => log.LogError(NodeLogEvents.ChainBlockInvalid, "Chain {Url}: {Problem}; every channel stays refused", _source.RpcUrl, wrong));
                    return;
                }
            }

            var count = await BlockCountAsync(ct);
            Reachable();
            while (_watcher.Height < count)
            {
                var height = _watcher.Height + 1;
                var block = await _retry.ExecuteAsync(async t => await _rpc.GetBlockAsync(await _rpc.GetBlockHashAsync(height, t), t), ct);
                var events = new List<ChannelEvent>();
                lock (_gate)
                {
                    if (_watcher.Connect(block, events) is { } problem)
                    {
                        Tell(log => log.LogError(NodeLogEvents.ChainBlockInvalid, "Chain {Url}: {Problem}; staying at height {Height}", _source.RpcUrl, problem, _watcher.Height));
                        return;
                    }

                    foreach (var e in events)
                    {
                        Publish(e);
                    }
                }
            }

            lock (_gate)
            {
                foreach (var follower in _subscribers)
                {
                    follower.ReachedHeight(_watcher.Height);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or RPCException or TimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            if (!_unreachable)
            {
                _unreachable = true;
                Tell(log => log.LogWarning(NodeLogEvents.ChainUnreachable, "Chain {Url} unreachable ({Error}): forwarding goes on at the last known height until it answers", _source.RpcUrl, e.Message));
            }
        }
    }

    /// <summary>Keeps an event for later subscribers and gives it to the present ones (under the gate).</summary>
    private void Publish(ChannelEvent e)
    {
        var scid = e.Channel.ShortChannelId.Value;
        if (e.Kind == ChannelEventKind.Verified)
        {
            _funding[scid] = e.Outpoint!;
        }
        else if (e.Kind == ChannelEventKind.Closed)
        {
            _funding.TryRemove(scid, out _);
        }

        _events.Add(e);
        var told = e.Kind == ChannelEventKind.Verified
            ? [.. _byNode.GetValueOrDefault(e.Channel.Node1.Name) ?? [], .. _byNode.GetValueOrDefault(e.Channel.Node2.Name) ?? []]
            : _subscribers;
        foreach (var follower in told)
        {
            follower.Apply(e);
        }
    }

    private void Reachable()
    {
        if (_unreachable)
        {
            _unreachable = false;
            Tell(log => log.LogInformation(NodeLogEvents.ChainReachable, "Chain {Url} answers again at height {Height}", _source.RpcUrl, _watcher.Height));
        }
    }

    /// <summary>Says something about the chain in every subscriber's log, as each node's own follower did.</summary>
    private void Tell(Action<ILogger> say)
    {
        RpcChainFollower[] now;
        lock (_gate)
        {
            now = [.. _subscribers];
        }

        foreach (var follower in now)
        {
            say(follower.Log);
        }
    }
}
