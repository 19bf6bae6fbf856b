using System.Net;
using System.Threading.Channels;
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
/// re-dials when a session ends, admits only channel peers, runs one BOLT 1 session
/// per peer, hands HTLC updates to the switch and sends what the switch queues.
/// </summary>
public sealed class PeerManager : BackgroundService, IPeerOutbox
{
    private readonly PrivateKey _key;
    private readonly string _networkName;
    private readonly IPEndPoint _listenOn;
    private readonly Dictionary<string, PeerLink> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<PublicKey, PeerLink> _byNodeId = [];
    private readonly PeerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ResiliencePipeline _dialPipeline;
    private StsListener? _listener;
    private Action<string, HtlcUpdateMessage> _deliver = (_, _) => { };
    private Func<FaultInjectionOptions> _faults = () => FaultInjectionOptions.None;

    public PeerManager(NodeIdentity self, NetworkDescription network, PeerOptions options, TimeProvider time, ILogger<PeerManager> log)
    {
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

    /// <summary>Wires the switch in (the switch needs this manager as its outbox, so it comes after construction).</summary>
    public void Connect(HtlcSwitch htlcSwitch)
    {
        _deliver = htlcSwitch.OnMessage;
        _faults = () => htlcSwitch.Faults;
    }

    public bool IsConnected(string peer) => _links.TryGetValue(peer, out var link) && link.IsConnected;

    public void Enqueue(string peer, LightningMessage message, TimeSpan delay = default)
    {
        if (!_links.TryGetValue(peer, out var link))
        {
            // The switch only sends to its channels' peers, and every one has a link.
            throw new InvalidOperationException($"No link to '{peer}': it is not a channel peer of this node.");
        }

        link.Enqueue(message, delay);
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
                    _ = RunSessionAsync(link, connection, stoppingToken);
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
                        var result = await dialer.ConnectAsync(link.Node.Host, link.Node.Port, link.Node.NodeId, ct);
                        if (result.Succeeded)
                        {
                            return result.Connection;
                        }

                        link.ReconnectAttempts++;
                        link.LastError = result.Failure.ToString();
                        if (link.ReconnectAttempts is 1 or 10 or 100)
                        {
                            _log.LogInformation(NodeLogEvents.PeerDialFailed, "Dialling {Peer} at {Host}:{Port} failed ({Failure}); retrying with back-off", link.Node.Name, link.Node.Host, link.Node.Port, result.Failure.ToString());
                        }

                        throw new PeerDialException(result.Failure.ToString()!);
                    },
                    stoppingToken);
                await RunSessionAsync(link, connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A bug or an unexpected socket error must not end this peer's dial loop for good.
                link.LastError = e.Message;
                _log.LogError(NodeLogEvents.PeerDialFailed, e, "Dialling {Peer} failed unexpectedly; retrying", link.Node.Name);
                await Task.Delay(_options.MaxRedialDelay, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RunSessionAsync(PeerLink link, StsConnection connection, CancellationToken stoppingToken)
    {
        var received = 0;
        PeerSession? session = null;
        LightningMessage? closeAfter = null;
        var options = new PeerSessionOptions
        {
            NetworkName = _networkName,
            TimeProvider = _time,
            PingInterval = _options.PingInterval,
            PongTimeout = _options.PongTimeout,
            MessageObserver = message =>
            {
                var limit = _faults().DropPeerAfterMessages;
                if (limit > 0 && Interlocked.Increment(ref received) == limit && session is not null)
                {
                    if (message.Message is HtlcUpdateMessage or LinkSyncMessage)
                    {
                        // The fault is "after N messages": this one reaches the switch first (the read loop closes).
                        Volatile.Write(ref closeAfter, message.Message);
                    }
                    else
                    {
                        _ = session.CloseAsync().AsTask();
                    }
                }
            },
        };
        var start = await PeerSession.StartAsync(connection, options, _log, stoppingToken);
        if (!start.IsStarted)
        {
            link.LastError = start.Refusal?.ToString();
            return;
        }

        session = start.Session!;
        var previous = link.Attach(session, _time.GetUtcNow(), out var outgoing);
        if (previous is not null)
        {
            await previous.CloseAsync();
        }

        _log.LogInformation(NodeLogEvents.PeerConnected, "Peer {Peer} connected ({Direction})", link.Node.Name, connection.IsInitiator ? "we dialled" : "they dialled");
        var peerResumed = new TaskCompletionSource<LinkResume?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = WriteLoopAsync(link, session, outgoing, peerResumed.Task, stoppingToken);
        try
        {
            await ReadLoopAsync(link, session, peerResumed, m => ReferenceEquals(m, Volatile.Read(ref closeAfter)), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            peerResumed.TrySetResult(null);
            var end = session.Completion.IsCompleted ? (await session.Completion).ToString() : "stopping";
            if (link.Detach(session, _time.GetUtcNow(), end))
            {
                _log.LogInformation(NodeLogEvents.PeerDisconnected, "Peer {Peer} disconnected: {Reason}", link.Node.Name, end);
            }

            await session.DisposeAsync();
            await writer;
        }
    }

    /// <summary>
    /// The peer's side of the link: its resume first (lnrelay's link_sync, see
    /// <see cref="LinkLedger"/>), then HTLC updates to the switch and acks to the ledger.
    /// Anything out of that order ends the session; the next one resumes cleanly.
    /// </summary>
    private async Task ReadLoopAsync(PeerLink link, PeerSession session, TaskCompletionSource<LinkResume?> peerResumed, Func<LightningMessage, bool> closeAfter, CancellationToken stoppingToken)
    {
        await foreach (var message in session.ChannelMessages.ReadAllAsync(stoppingToken))
        {
            var problem = message switch
            {
                LinkSyncMessage { Kind: LinkSyncKind.Resume } resume when !peerResumed.Task.IsCompleted => OnPeerResume(link, session, resume, peerResumed),
                LinkSyncMessage { Kind: LinkSyncKind.Resume } => "a second resume on one connection",
                _ when !peerResumed.Task.IsCompleted => $"{message.Type} before the peer's resume",
                LinkSyncMessage ack => link.Ledger.OnPeerAck(ack) ? null : $"an ack of {ack.ReceivedCount} HTLC updates, more than were sent",
                HtlcUpdateMessage update => Deliver(link, session, update),
                _ => null,
            };
            if (problem is not null)
            {
                _log.LogWarning(NodeLogEvents.LinkSyncRefused, "Link with {Peer} refused: {Problem}; reconnecting", link.Node.Name, problem);
                await session.CloseAsync();
                return;
            }

            if (closeAfter(message))
            {
                await session.CloseAsync();
                return;
            }
        }
    }

    private string? OnPeerResume(PeerLink link, PeerSession session, LinkSyncMessage resume, TaskCompletionSource<LinkResume?> peerResumed)
    {
        var outcome = link.Resume(session, resume, _time.GetUtcNow());
        peerResumed.TrySetResult(outcome);
        if (outcome?.PeerRestarted == true)
        {
            _log.LogWarning(NodeLogEvents.LinkResumed, "Peer {Peer} restarted: HTLC updates kept for its previous run are dropped, and channel state may disagree with it", link.Node.Name);
        }

        return outcome?.Refusal;
    }

    private string? Deliver(PeerLink link, PeerSession session, HtlcUpdateMessage update)
    {
        if (link.TryDeliver(session, update, _deliver))
        {
            link.Enqueue(link.Ledger.AckMessage(), TimeSpan.Zero);
        }

        return null;
    }

    /// <summary>
    /// Our side of the link: our resume, then (once the peer's has come) the log from where
    /// the peer's count ends, in order, then whatever the switch adds: each wake-up from the
    /// queue writes its message (an ack, a warning) and whatever the log has gained. The
    /// sequence numbers belong to the log, not to this writer, so a writer left over from an
    /// older session cannot shift them.
    /// </summary>
    private async Task WriteLoopAsync(PeerLink link, PeerSession session, ChannelReader<LightningMessage?> outgoing, Task<LinkResume?> peerResumed, CancellationToken stoppingToken)
    {
        try
        {
            if (!await session.TrySendAsync(link.Ledger.ResumeMessage(), stoppingToken))
            {
                return;
            }

            LinkResume? resume;
            try
            {
                resume = await peerResumed.WaitAsync(_options.ResumeTimeout, _time, stoppingToken);
            }
            catch (TimeoutException)
            {
                _log.LogWarning(NodeLogEvents.LinkSyncRefused, "Link with {Peer} refused: no resume within {Seconds} s; reconnecting", link.Node.Name, _options.ResumeTimeout.TotalSeconds);
                await session.CloseAsync();
                return;
            }

            if (resume is null || resume.Refusal is not null)
            {
                return;
            }

            if (resume.Pending > 0)
            {
                _log.LogInformation(NodeLogEvents.LinkResumed, "Sending {Count} HTLC updates to {Peer} that it does not have yet (after a reconnect)", resume.Pending, link.Node.Name);
            }

            var next = await QueueLoggedAsync(link, session, resume.Start, stoppingToken);
            if (next is null || !await session.TryFlushAsync(stoppingToken))
            {
                return;
            }

            // Everything a wake-up finds (its message, what the log gained, and the wake-ups
            // queued behind it) goes out in one send: the flush waits until the queue is empty.
            await foreach (var message in outgoing.ReadAllAsync(stoppingToken))
            {
                if (message is not null && !await session.TryQueueAsync(message, stoppingToken))
                {
                    return;
                }

                next = await QueueLoggedAsync(link, session, next.Value, stoppingToken);
                if (next is null || (!outgoing.TryPeek(out _) && !await session.TryFlushAsync(stoppingToken)))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Queues the logged updates from <paramref name="next"/> on; the next number to queue, or null when the session ended.</summary>
    private async Task<ulong?> QueueLoggedAsync(PeerLink link, PeerSession session, ulong next, CancellationToken stoppingToken)
    {
        while (link.Ledger.TryGet(next, out next, out var entry))
        {
            if (entry.Delay > TimeSpan.Zero)
            {
                // An injected delay holds this update back, not the ones queued before it.
                if (!await session.TryFlushAsync(stoppingToken))
                {
                    return null;
                }

                await Task.Delay(entry.Delay, _time, stoppingToken);
            }

            if (!await session.TryQueueAsync(entry.Message, stoppingToken))
            {
                return null;
            }

            next++;
        }

        return next;
    }

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
