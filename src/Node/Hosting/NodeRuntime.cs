using System.Net;
using LnRelay.Node.Channels;
using LnRelay.Node.Gossip;
using LnRelay.Node.Invoices;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Node.Peers;
using LnRelay.Node.Routing;
using LnRelay.Node.Store;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Replay;
using LnRelay.Transport.Peers;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Hosting;

/// <summary>
/// Everything one node is made of, wired together once: its channels (from the
/// network description), the switch, the peers, invoices, payments and the payer.
/// The host registers these as singletons; tests build them directly.
/// <para>
/// Unless <see cref="NodeSettings.InMemory"/>, the node's store (<c>node.db</c> in its data
/// folder, docs/store.md) is opened and migrated first, and the parts resume from it; the
/// runtime owns the store's writer and closes it on <see cref="Dispose"/>.
/// </para>
/// </summary>
public sealed partial class NodeRuntime : IDisposable
{
    internal NodeRuntime(NodeIdentity identity, NetworkDescription network, string apiToken, NodeSettings settings, TimeProvider time, ILoggerFactory logs)
    {
        Identity = identity;
        Network = network;
        ApiToken = apiToken;
        // The node offers no feature its network.json entry does not announce (docs/network-file.md "features").
        settings = settings with
        {
            RouteBlinding = settings.RouteBlinding && identity.Entry.Announces(NodeFeatures.RouteBlinding),
            PointLocks = settings.PointLocks && identity.Entry.Announces(NodeFeatures.PointLocks),
        };
        Settings = settings;
        Time = time;
        Graph = new PayerGraph(ChannelGraph.For(network));
        var storePath = Path.Combine(settings.DataDir, NodeStore.FileName);
        var snapshot = StoreSnapshot.Empty;
        if (!settings.InMemory)
        {
            using var store = NodeStore.Open(storePath, identity.Key.PublicKey.ToBytes(), settings.Synchronous);
            snapshot = store.Load(time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
            Writer = store.StartWriter();
        }

        Journal = (IDecisionJournal?)Writer ?? InMemoryJournal.Instance;
        Invoices = new InvoiceBook(time) { Journal = Journal };
        Payments = new PaymentStore { Journal = Journal };
        var name = identity.Entry.Name;
        // BOLT 7 chain_hash: the regtest genesis when the network has a chain (docs/chain.md), else the simulated one.
        var chainHash = network.ChainSource is { } chain ? Convert.FromHexString(chain.ChainHashHex) : NetworkChainHash.For(network.Network);
        Faults = new FaultInjection(settings.Faults);
        Peers = new PeerManager(
            identity,
            network,
            new PeerOptions
            {
                ListenEndPoint = new IPEndPoint(settings.PeerBind, identity.Entry.Port),
                PingInterval = settings.PingInterval,
                PongTimeout = settings.PongTimeout,
                RouteBlinding = settings.RouteBlinding,
                Privacy = settings.Privacy,
                PointLocks = settings.PointLocks,
            },
            Faults,
            time,
            logs.CreateLogger<PeerManager>());
        var switchOptions = new SwitchOptions { RouteBlinding = settings.RouteBlinding, Privacy = settings.Privacy, PointLocks = settings.PointLocks };
        var channels = network.ChannelsOf(name).Select(c => new ChannelState(
            c.ShortChannelId,
            c.PeerOf(name).Name,
            c.PeerOf(name).NodeId,
            c.CapacityMsat,
            c.BalanceOf(name),
            c.PolicyFrom(name),
            c.PolicyFrom(c.PeerOf(name).Name),
            switchOptions.MaxAcceptedHtlcs)).ToList();

        // A height the node saw before a restart is never gone back on: HTLC expiries were checked against it.
        var height = Math.Max(network.Chain?.HeightAt(time.GetUtcNow()) ?? network.BlockHeight, snapshot.BlockHeight ?? 0);
        var replay = new OnionReplayGuard(persistence: settings.InMemory ? null : new ReplayJournal(Journal));
        if (!settings.InMemory)
        {
            NodeResume.Apply(storePath, snapshot, Journal, identity.Key.PublicKey, height, channels, Invoices, Payments, replay);
        }

        Switch = new HtlcSwitch(
            name,
            identity.Key,
            channels,
            Invoices,
            Peers,
            height,
            channel => ChannelUpdate.Create(identity.Key, channel.RemoteNodeId, chainHash, channel.ShortChannelId, (uint)time.GetUtcNow().ToUnixTimeSeconds(), channel.LocalPolicy).ToBodyBytes(),
            switchOptions,
            logs.CreateLogger("LnRelay.Node.Switch"),
            Faults,
            replay)
        {
            Journal = Journal,
            PartSets = new MultiPart.PartSetBook(time, settings.MppTimeout) { Journal = Journal },
        };
        Switch.RestorePartSets(snapshot.PartSets);
        Peers.DeliverTo(Switch);
        // By its name, not CreateLogger<Payer>(): that wraps the node's logger, and its per-payment events would go through Serilog.
        Payer = new Payer(Switch, Graph, RandomSessionKeySource.Instance, Payments, time, logs.CreateLogger(typeof(Payer).FullName!))
        {
            MaxAttempts = settings.MaxPaymentAttempts,
            Privacy = settings.Privacy,
        };
        if (!settings.InMemory)
        {
            Resume(snapshot, storePath, logs.CreateLogger("LnRelay.Node.Store"));
        }
    }

    internal NodeIdentity Identity { get; }

    public string Name => Identity.Entry.Name;

    public NetworkDescription Network { get; }

    public string ApiToken { get; }

    public NodeSettings Settings { get; }

    public TimeProvider Time { get; }

    /// <summary>The payer's view: the process's shared graph of this network and what this node learned on top of it.</summary>
    internal PayerGraph Graph { get; }

    internal InvoiceBook Invoices { get; }

    internal PaymentStore Payments { get; }

    /// <summary>The faults this node commits (the switch and the peer connections read them).</summary>
    internal FaultInjection Faults { get; }

    internal PeerManager Peers { get; }

    internal HtlcSwitch Switch { get; }

    internal Payer Payer { get; }

    /// <summary>Where decisions are staged before their messages leave (the store's writer, or nothing in memory-only mode).</summary>
    internal IDecisionJournal Journal { get; }

    /// <summary>The store's group-commit writer; null with <see cref="NodeSettings.InMemory"/>.</summary>
    internal GroupCommitWriter? Writer { get; }

    /// <summary>The rest of recovery (docs/store.md): links, forwards and the payer's HTLCs in flight, then HTLCs that expired while the node was down.</summary>
    private void Resume(StoreSnapshot snapshot, string storePath, ILogger log)
    {
        Peers.UseStore(Journal, snapshot.Links, storePath);
        _ = Payer.ResumeAllAsync(Switch.Restore(snapshot.Circuits, snapshot.OriginHtlcs, snapshot.SettledOrigins));

        var expired = Switch.ExpireAfterRestart();
        if (snapshot.BlockHeight is not null)
        {
            log.LogInformation(
                Logging.NodeLogEvents.StoreResumed,
                "Resumed from {StorePath}: {Channels} channels, {Htlcs} HTLCs in flight, {Circuits} forwards, {Origins} of our payments in flight, {Invoices} open invoices, {ReplayEntries} onions in the replay log; {Expired} HTLCs expired while the node was down",
                storePath, snapshot.Channels.Count, snapshot.Channels.Values.Sum(c => c.Offered.Count + c.Received.Count), snapshot.Circuits.Count, snapshot.OriginHtlcs.Count, snapshot.OpenInvoices.Count, snapshot.ReplayLog.Count, expired);
        }
    }

    /// <summary>Writes what is staged and closes the store (after the peers have stopped).</summary>
    public void Dispose() => Writer?.Dispose();
}
