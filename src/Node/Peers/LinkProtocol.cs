using System.Threading.Channels;
using LnRelay.Node.Logging;
using LnRelay.Node.Store;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Peers;

/// <summary>
/// The exactly-once link protocol (lnrelay's link_sync, docs/transport.md) over one
/// connection of a <see cref="PeerLink"/>: the BOLT 1 session, both sides' resume, then
/// the peer's HTLC updates to the switch (acknowledged every <see cref="LinkLedger.AckEvery"/>)
/// and the link's logged updates to the peer, in order, from where the peer's resume says.
/// It knows nothing of sockets: it runs over any <see cref="IMessageConnection"/>.
/// <para>
/// The write-ahead rule (docs/store.md) is kept here, in <see cref="QueueAsync"/>, the one
/// place any HTLC update or link_sync is handed to the connection: a message is queued for
/// the next flush only once the store has every decision it follows from.
/// </para>
/// </summary>
internal sealed class LinkProtocol(string networkName, PeerOptions options, Action<string, HtlcUpdateMessage> deliver, TimeProvider time, ILogger log)
{
    /// <summary>
    /// The init features this node sends and the ones it knows: BOLT 9 option_route_blinding
    /// (25 offered, 24 known) when it takes part in blinded paths; lnrelay-experimental point
    /// locks (315 offered, 314 known; docs/ptlc.md) unless they are off, when a peer that
    /// requires them is refused at init.
    /// </summary>
    private static FeatureBits Features(PeerOptions options, PeerSessionOptions defaults, out HashSet<int> known)
    {
        var local = defaults.LocalFeatures;
        known = new HashSet<int>(defaults.KnownFeatures);
        if (options.RouteBlinding)
        {
            local = local.Union(FeatureBits.FromBits(RouteBlindingFeature.Optional));
            known.Add(RouteBlindingFeature.Required);
        }

        if (options.PointLocks)
        {
            local = local.Union(FeatureBits.FromBits(PtlcFeature.Optional));
            known.Add(PtlcFeature.Required);
        }
        else
        {
            known.Remove(PtlcFeature.Required);
        }

        return local;
    }

    /// <summary>
    /// Runs one session of <paramref name="link"/> on <paramref name="connection"/> (which it
    /// owns from here on) until it ends; the link is detached again by then.
    /// </summary>
    public async Task RunAsync(PeerLink link, IMessageConnection connection, bool weDialled, CancellationToken stoppingToken)
    {
        // BOLT 9 option_route_blinding, advertised as optional (25) when this node relays and receives inside blinded paths.
        var defaults = new PeerSessionOptions { NetworkName = networkName };
        var sessionOptions = new PeerSessionOptions
        {
            NetworkName = networkName,
            TimeProvider = time,
            PingInterval = options.PingInterval,
            PongTimeout = options.PongTimeout,
            LocalFeatures = Features(options, defaults, out var known),
            KnownFeatures = known,
        };
        var start = await PeerSession.StartAsync(connection, sessionOptions, log, stoppingToken);
        if (!start.IsStarted)
        {
            link.Failed(start.Refusal?.ToString());
            return;
        }

        var session = start.Session!;
        var previous = link.Attach(session, time.GetUtcNow(), out var outgoing);
        if (previous is not null)
        {
            await previous.CloseAsync();
        }

        log.LogInformation(NodeLogEvents.PeerConnected, "Peer {Peer} connected ({Direction})", link.Node.Name, weDialled ? "we dialled" : "they dialled");
        var peerResumed = new TaskCompletionSource<LinkResume?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = WriteLoopAsync(link, session, outgoing, peerResumed.Task, stoppingToken);
        try
        {
            await ReadLoopAsync(link, session, peerResumed, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            peerResumed.TrySetResult(null);
            var end = session.Completion.IsCompleted ? (await session.Completion).ToString() : "stopping";
            if (link.Detach(session, time.GetUtcNow(), end))
            {
                log.LogInformation(NodeLogEvents.PeerDisconnected, "Peer {Peer} disconnected: {Reason}", link.Node.Name, end);
            }

            await session.DisposeAsync();
            await writer;
        }
    }

    /// <summary>
    /// The peer's side of the link: its resume first (see <see cref="LinkLedger"/>), then
    /// HTLC updates to the switch and acks to the ledger. Anything out of that order ends
    /// the session; the next one resumes cleanly.
    /// </summary>
    private async Task ReadLoopAsync(PeerLink link, PeerSession session, TaskCompletionSource<LinkResume?> peerResumed, CancellationToken stoppingToken)
    {
        await foreach (var message in session.ChannelMessages.ReadAllAsync(stoppingToken))
        {
            var problem = message switch
            {
                LinkSyncMessage { Kind: LinkSyncKind.Resume } resume when !peerResumed.Task.IsCompleted => OnPeerResume(link, session, resume, peerResumed),
                LinkSyncMessage { Kind: LinkSyncKind.Resume } => "a second resume on one connection",
                _ when !peerResumed.Task.IsCompleted => $"{message.Type} before the peer's resume",
                LinkSyncMessage ack => link.OnPeerAck(ack) ? null : $"an ack of {ack.ReceivedCount} HTLC updates, more than were sent",
                HtlcUpdateMessage update => Deliver(link, session, update),
                _ => null,
            };
            if (problem is not null)
            {
                log.LogWarning(NodeLogEvents.LinkSyncRefused, "Link with {Peer} refused: {Problem}; reconnecting", link.Node.Name, problem);
                await session.CloseAsync();
                return;
            }
        }
    }

    private string? OnPeerResume(PeerLink link, PeerSession session, LinkSyncMessage resume, TaskCompletionSource<LinkResume?> peerResumed)
    {
        var outcome = link.Resume(session, resume, time.GetUtcNow());
        peerResumed.TrySetResult(outcome);
        if (outcome?.PeerRestarted == true)
        {
            log.LogWarning(NodeLogEvents.LinkResumed, "Peer {Peer} restarted: HTLC updates kept for its previous run are dropped, and channel state may disagree with it", link.Node.Name);
        }

        return outcome?.Refusal;
    }

    private string? Deliver(PeerLink link, PeerSession session, HtlcUpdateMessage update)
    {
        link.TryDeliver(session, update, deliver);
        return null;
    }

    /// <summary>
    /// Our side of the link: our resume, then (once the peer's has come) the log from where
    /// the peer's count ends, in order, then whatever the switch adds: each wake-up from the
    /// queue writes its message (an ack, a warning) and whatever the log has gained. The
    /// sequence numbers belong to the log, not to this writer, so a writer left over from an
    /// older session cannot shift them.
    /// </summary>
    private async Task WriteLoopAsync(PeerLink link, PeerSession session, ChannelReader<PeerLink.Outgoing> outgoing, Task<LinkResume?> peerResumed, CancellationToken stoppingToken)
    {
        try
        {
            var ours = link.ResumeMessage(out var resumeMark);
            if (!await SendAsync(link, session, ours, resumeMark, stoppingToken))
            {
                return;
            }

            LinkResume? resume;
            try
            {
                resume = await peerResumed.WaitAsync(options.ResumeTimeout, time, stoppingToken);
            }
            catch (TimeoutException)
            {
                log.LogWarning(NodeLogEvents.LinkSyncRefused, "Link with {Peer} refused: no resume within {Seconds} s; reconnecting", link.Node.Name, options.ResumeTimeout.TotalSeconds);
                await session.CloseAsync();
                return;
            }

            if (resume is null || resume.Refusal is not null)
            {
                return;
            }

            if (resume.Pending > 0)
            {
                log.LogInformation(NodeLogEvents.LinkResumed, "Sending {Count} HTLC updates to {Peer} that it does not have yet (after a reconnect)", resume.Pending, link.Node.Name);
            }

            var next = await QueueLoggedAsync(link, session, resume.Start, stoppingToken);
            if (next is null || !await session.TryFlushAsync(stoppingToken))
            {
                return;
            }

            // Everything a wake-up finds (its message, what the log gained, and the wake-ups
            // queued behind it) goes out in one send: the flush waits until the queue is empty
            // (docs/transport.md, "Sending and receiving"). Only durable decisions are queued.
            await foreach (var (message, mark) in outgoing.ReadAllAsync(stoppingToken))
            {
                if (message is not null && !await QueueAsync(link, session, message, mark, stoppingToken))
                {
                    return;
                }

                next = await QueueLoggedAsync(link, session, next.Value, stoppingToken);
                if (next is null)
                {
                    return;
                }

                if (!outgoing.TryPeek(out _) && options.Privacy.UntilNextBatch(time.GetUtcNow()) is var wait && wait > TimeSpan.Zero)
                {
                    // Batching (docs/privacy.md): what is queued leaves at the next multiple of
                    // the window, with whatever the window adds to it.
                    await Task.Delay(wait, time, stoppingToken);
                    while (outgoing.TryRead(out var more))
                    {
                        if (more.Message is not null && !await QueueAsync(link, session, more.Message, more.Mark, stoppingToken))
                        {
                            return;
                        }
                    }

                    next = await QueueLoggedAsync(link, session, next.Value, stoppingToken);
                    if (next is null)
                    {
                        return;
                    }
                }

                if (!outgoing.TryPeek(out _) && !await session.TryFlushAsync(stoppingToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (StoreFailedException e)
        {
            // The store stopped writing: nothing more may leave (the node is stopping).
            log.LogError(NodeLogEvents.StoreFailed, "Link with {Peer}: {Problem}", link.Node.Name, e.Message);
            await session.CloseAsync();
        }
    }

    /// <summary>
    /// The write-ahead rule: waits until the store holds every decision up to
    /// <paramref name="mark"/>, then queues <paramref name="message"/> for the next flush.
    /// Nothing is queued before it is durable, so a flush never sends an undecided update.
    /// False when the session ended.
    /// </summary>
    private static async Task<bool> QueueAsync(PeerLink link, PeerSession session, LightningMessage message, long mark, CancellationToken stoppingToken)
    {
        if (!link.Journal.IsDurable(mark))
        {
            await link.Journal.WhenDurable(mark).WaitAsync(stoppingToken);
        }

        return await session.TryQueueAsync(message, stoppingToken);
    }

    /// <summary><see cref="QueueAsync"/>, then a flush: the message is on the wire when it returns true.</summary>
    private static async Task<bool> SendAsync(PeerLink link, PeerSession session, LightningMessage message, long mark, CancellationToken stoppingToken) =>
        await QueueAsync(link, session, message, mark, stoppingToken) && await session.TryFlushAsync(stoppingToken);

    /// <summary>
    /// Queues the logged updates from <paramref name="next"/> on; the next number to queue, or null when the session ended.
    /// A ValueTask: it runs at every wake-up of the writer and mostly completes without waiting, so no task is allocated for it.
    /// </summary>
    private async ValueTask<ulong?> QueueLoggedAsync(PeerLink link, PeerSession session, ulong next, CancellationToken stoppingToken)
    {
        while (link.TryGetLogged(next, out next, out var entry))
        {
            // A delay (injected, or a forwarding delay) holds this update back until it is due,
            // not the ones queued before it; updates keep their order (BOLT 2), so one due
            // earlier than the update before it leaves with that one.
            var hold = entry.Due is { } due ? due - time.GetUtcNow() : entry.Delay;
            if (hold > TimeSpan.Zero)
            {
                if (!await session.TryFlushAsync(stoppingToken))
                {
                    return null;
                }

                await Task.Delay(hold, time, stoppingToken);
            }

            if (!await QueueAsync(link, session, entry.Message, entry.Mark, stoppingToken))
            {
                return null;
            }

            next++;
        }

        return next;
    }
}
