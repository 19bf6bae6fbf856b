using System.Net;
using LnRelay.Crypto;
using LnRelay.Node.Logging;
using LnRelay.Node.Network;
using LnRelay.Node.Switch;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Net;
using LnRelay.Transport.Peers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace LnRelay.Node.Peers;

/// <summary>
/// The node's peers, as a hosted service: listens (bound in <see cref="StartAsync"/>,
/// so a port clash fails start-up), dials the channel peers it is responsible for
/// through a Polly retry pipeline (exponential back-off with jitter, capped) and
/// re-dials when a session ends, admits only channel peers and attaches each connection
/// to its peer's <see cref="PeerLink"/>, where <see cref="LinkProtocol"/> runs the session
/// (HTLC updates to the switch, what the switch queues to the peer).
/// </summary>
internal sealed class PeerManager : BackgroundService, IPeerOutbox
{
    /// <summary>
    /// Dials (TCP connect and the STS handshake, about 0.6 ms of CPU each) in flight at once in
    /// this process, over every node it hosts: a thousand nodes starting together would
    /// otherwise open some 1,500 handshakes at once on two cores, and the slowest would time
    /// out and back off for seconds. Per core, generous for a handful of nodes.
    /// </summary>
    public static readonly int MaxConcurrentDials = Environment.ProcessorCount * 16;

    private static readonly SemaphoreSlim DialSlots = new(MaxConcurrentDials, MaxConcurrentDials);

    private readonly PrivateKey _key;
    private readonly string _networkName;
    private readonly IPEndPoint _listenOn;
    private readonly Dictionary<string, PeerLink> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<PublicKey, PeerLink> _byNodeId = [];
    private readonly PeerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ResiliencePipeline _dialPipeline;
    private readonly LinkProtocol _protocol;
    private readonly FaultInjection _faults;
    private StsListener? _listener;
    private Action<string, HtlcUpdateMessage> _deliver = (_, _) => { };

    public PeerManager(NodeIdentity self, NetworkDescription network, PeerOptions options, FaultInjection faults, TimeProvider time, ILogger<PeerManager> log)
    {
        _faults = faults;
        _protocol = new LinkProtocol(network.Network, options, (peer, update) => _deliver(peer, update), time, log);
        _key = self.Key;
        _networkName = network.Network;
        _options = options;
        _time = time;
        _log = log;
        _listenOn = options.ListenEndPoint ?? new IPEndPoint(IPAddress.Loopback, self.Entry.Port);
        var epoch = NewEpoch(options.Random);
        Span<byte> mine = stackalloc byte[KeySizes.CompressedPublicKey];
        Span<byte> theirs = stackalloc byte[KeySizes.CompressedPublicKey];
        self.Key.PublicKey.WriteCompressed(mine);
        foreach (var channel in network.ChannelsOf(self.Entry.Name))
        {
            var peer = channel.PeerOf(self.Entry.Name);
            if (_links.ContainsKey(peer.Name))
            {
                continue;
            }

            peer.NodeId.WriteCompressed(theirs);
            var link = new PeerLink(peer, weDial: mine.SequenceCompareTo(theirs) < 0, time.GetUtcNow(), epoch);
            _links.Add(peer.Name, link);
            _byNodeId.Add(peer.NodeId, link);
        }

        _dialPipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<PeerDialException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RedialDelay,
                MaxDelay = options.MaxRedialDelay,
                MaxRetryAttempts = int.MaxValue,
            })
            .Build();
    }

    /// <summary>The address the listener is bound to (with the real port when configured with port 0).</summary>
    public IPEndPoint? BoundEndPoint => _listener?.LocalEndPoint;

    public IReadOnlyList<PeerStatus> Peers => [.. _links.Values.Select(l => l.Status())];

    /// <summary>
    /// Keeps every link in the node's store (docs/store.md): each link resumes the ledger the
    /// store kept for its peer (same epoch, counts and log), or starts a new one there.
    /// Called once, at start, before the manager runs.
    /// </summary>
    internal void UseStore(Store.IDecisionJournal journal, IReadOnlyDictionary<string, Store.StoredLink> stored, string storePath)
    {
        foreach (var (name, link) in _links)
        {
            link.UseStore(journal, stored.GetValueOrDefault(name), storePath);
        }
    }

    /// <summary>Where peers' HTLC updates go: the switch (which needs this manager as its outbox, so it comes after construction).</summary>
    public void DeliverTo(HtlcSwitch htlcSwitch) => _deliver = htlcSwitch.OnMessage;

    public bool IsConnected(string peer) => _links.TryGetValue(peer, out var link) && link.IsConnected;

    public bool SupportsRouteBlinding(string peer) => _links.TryGetValue(peer, out var link) && link.RemoteFeatures is { } features && RouteBlindingFeature.IsSupportedBy(features);

    public bool SupportsPointLocks(string peer) => _links.TryGetValue(peer, out var link) && link.RemoteFeatures is { } features && PtlcFeature.IsSupportedBy(features);

    public void Enqueue(string peer, LightningMessage message, TimeSpan delay = default)
    {
        if (!_links.TryGetValue(peer, out var link))
        {
            // The switch only sends to its channels' peers, and every one has a link.
            throw new InvalidOperationException($"No link to '{peer}': it is not a channel peer of this node.");
        }

        link.Enqueue(message, delay, delay > TimeSpan.Zero ? _time.GetUtcNow() : null);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new StsListener(_key, _listenOn, Authorize, TransportOptions(), _log);
        try
        {
            _listener.Start();
        }
        catch (ListenerStartException e)
        {
            throw new InvalidOperationException($"Cannot listen for peers on {_listenOn}: {e.Message} Is another node (or another network) using port {_listenOn.Port}? Change the port in network.json or stop the other process.", e);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = new List<Task> { AcceptLoopAsync(stoppingToken) };
        tasks.AddRange(_links.Values.Where(l => l.WeDial).Select(l => DialLoopAsync(l, stoppingToken)));
        await Task.WhenAll(tasks);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }
    }

    /// <summary>Only channel peers may connect.</summary>
    private bool Authorize(PublicKey initiator) => _byNodeId.ContainsKey(initiator);

    private StsTransportOptions TransportOptions() => new() { NetworkName = _networkName, TimeProvider = _time };

    private async Task AcceptLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var connection in _listener!.AcceptAllAsync(stoppingToken))
            {
                if (_byNodeId.TryGetValue(connection.RemoteNodeId, out var link))
                {
                    _ = AttachAsync(link, connection, stoppingToken);
                }
                else
                {
                    await connection.DisposeAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DialLoopAsync(PeerLink link, CancellationToken stoppingToken)
    {
        var dialer = new StsDialer(_key, TransportOptions(), _log);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                link.MarkConnecting(_time.GetUtcNow());
                var connection = await _dialPipeline.ExecuteAsync(
                    async ct =>
                    {
                        StsDialResult result;
                        await DialSlots.WaitAsync(ct);
                        try
                        {
                            result = await dialer.ConnectAsync(link.Node.Host, link.Node.Port, link.Node.NodeId, ct);
                        }
                        finally
                        {
                            DialSlots.Release();
                        }

                        if (result.Succeeded)
                        {
                            return result.Connection;
                        }

                        if (link.DialFailed(result.Failure.ToString()!) is 1 or 10 or 100)
                        {
                            _log.LogInformation(NodeLogEvents.PeerDialFailed, "Dialling {Peer} at {Host}:{Port} failed ({Failure}); retrying with back-off", link.Node.Name, link.Node.Host, link.Node.Port, result.Failure.ToString());
                        }

                        throw new PeerDialException(result.Failure.ToString()!);
                    },
                    stoppingToken);
                await AttachAsync(link, connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A bug or an unexpected socket error must not end this peer's dial loop for good.
                link.Failed(e.Message);
                _log.LogError(NodeLogEvents.PeerDialFailed, e, "Dialling {Peer} failed unexpectedly; retrying", link.Node.Name);
                await Task.Delay(_options.MaxRedialDelay, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Runs the link's session on a new connection, through the peer-drop fault.</summary>
    private Task AttachAsync(PeerLink link, StsConnection connection, CancellationToken stoppingToken) =>
        _protocol.RunAsync(link, new PeerDropFault(new StsMessageConnection(connection), _faults), connection.IsInitiator, stoppingToken);

    /// <summary>This run's link epoch (docs/transport.md): random, so a restart is told apart; never 0, which means "none seen".</summary>
    private static ulong NewEpoch(Action<Span<byte>> random)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        ulong epoch;
        do
        {
            random(bytes);
            epoch = BitConverter.ToUInt64(bytes);
        }
        while (epoch == 0);
        return epoch;
    }
}
