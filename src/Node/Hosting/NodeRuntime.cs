using System.Net;
using LnRelay.Node.Channels;
using LnRelay.Node.Gossip;
using LnRelay.Node.Invoices;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Node.Peers;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Onion;
using LnRelay.Transport.Peers;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Hosting;

/// <summary>
/// Everything one node is made of, wired together once: its channels (from the
/// network description), the switch, the peers, invoices, payments and the payer.
/// The host registers these as singletons; tests build them directly.
/// </summary>
public sealed class NodeRuntime
{
    public NodeRuntime(NodeIdentity identity, NetworkDescription network, string apiToken, NodeSettings settings, TimeProvider time, ILoggerFactory logs)
    {
        Identity = identity;
        Network = network;
        ApiToken = apiToken;
        Settings = settings;
        Time = time;
        Graph = new ChannelGraph(network);
        Invoices = new InvoiceBook(time);
        Payments = new PaymentStore();
        var name = identity.Entry.Name;
        var chainHash = NetworkChainHash.For(network.Network);
        Faults = new FaultInjection(settings.Faults);
        Peers = new PeerManager(
            identity,
            network,
            new PeerOptions
            {
                ListenEndPoint = new IPEndPoint(settings.PeerBind, identity.Entry.Port),
                PingInterval = settings.PingInterval,
                PongTimeout = settings.PongTimeout,
            },
            Faults,
            time,
            logs.CreateLogger<PeerManager>());
        var switchOptions = new SwitchOptions();
        var channels = network.ChannelsOf(name).Select(c => new ChannelState(
            c.ShortChannelId,
            c.PeerOf(name).Name,
            c.PeerOf(name).NodeId,
            c.CapacityMsat,
            c.BalanceOf(name),
            c.PolicyFrom(name),
            c.PolicyFrom(c.PeerOf(name).Name),
            switchOptions.MaxAcceptedHtlcs)).ToList();
        Switch = new HtlcSwitch(
            name,
            identity.Key,
            channels,
            Invoices,
            Peers,
            network.Chain?.HeightAt(time.GetUtcNow()) ?? network.BlockHeight,
            channel => ChannelUpdate.Create(identity.Key, channel.RemoteNodeId, chainHash, channel.ShortChannelId, (uint)time.GetUtcNow().ToUnixTimeSeconds(), channel.LocalPolicy).ToBodyBytes(),
            switchOptions,
            logs.CreateLogger("LnRelay.Node.Switch"),
            Faults);
        Peers.DeliverTo(Switch);
        Payer = new Payer(Switch, Graph, RandomSessionKeySource.Instance, Payments, time, logs.CreateLogger<Payer>())
        {
            MaxAttempts = settings.MaxPaymentAttempts,
        };
    }

    public NodeIdentity Identity { get; }

    public string Name => Identity.Entry.Name;

    public NetworkDescription Network { get; }

    public string ApiToken { get; }

    public NodeSettings Settings { get; }

    public TimeProvider Time { get; }

    public ChannelGraph Graph { get; }

    public InvoiceBook Invoices { get; }

    public PaymentStore Payments { get; }

    /// <summary>The faults this node commits (the switch and the peer connections read them).</summary>
    public FaultInjection Faults { get; }

    public PeerManager Peers { get; }

    public HtlcSwitch Switch { get; }

    public Payer Payer { get; }
}
