using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Node.Routing;
using LnRelay.Node.Store;
using LnRelay.Node.Switch;
using LnRelay.Node.Tests.Switch;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Replay;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// A payer killed (kill -9) at every point of a payment that its store may have reached, then
/// restarted as <c>NodeRuntime</c> restarts it (docs/store.md, "Recovery"): the payment ends
/// exactly once, as a success if and only if its money moved, with the fee it paid. The peer
/// (bob, and the payee behind him) is played by the test: the payee settles all parts or none
/// (BOLT 4 "Basic Multi-Part Payments"), so after the restart the HTLCs the payer's store still
/// holds in flight are fulfilled again (link_sync sends again what the payer had not taken in)
/// when every part had left the payer before the crash, and failed otherwise (as mpp_timeout
/// would). A crash between the fulfil and the payer's record once lost the success: the
/// payment came back failed as interrupted_by_restart while its payee was paid.
/// </summary>
public sealed class PayerCrashPointTests
{
    private const ulong Amount = 10_000_000;
    private const uint Height = 1000;

    [Theory]
    [InlineData(1)] // one route carries it
    [InlineData(2)] // two channels to bob, neither big enough: it goes in parts (docs/mpp.md)
    public async Task A_payer_killed_at_any_point_of_a_payment_ends_it_once_and_as_a_success_exactly_when_its_money_moved(int channelsToBob)
    {
        var network = Network(channelsToBob);
        var preimage = RandomNumberGenerator.GetBytes(32);
        var request = new PaymentRequest("carol", Amount, SHA256.HashData(preimage), RandomNumberGenerator.GetBytes(32), 18);
        var hashHex = Convert.ToHexStringLower(request.PaymentHash);

        // The live run: every decision is recorded, and the payment succeeds.
        var journal = new RecordingJournal();
        using var liveFolder = new StoreFolder();
        var live = new Alice(network, liveFolder.NodeKey, journal, StoreSnapshot.Empty, liveFolder.DbPath);
        var paying = live.Payer.PayAsync(request);
        var parts = live.Outbox.Adds();
        Assert.Equal(channelsToBob, parts.Count);
        foreach (var add in parts)
        {
            live.Switch.OnMessage("bob", new UpdateFulfillHtlcMessage(add.ChannelId, add.HtlcId, preimage));
        }

        var paid = await paying.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        Assert.Equal(live.InitialLocal - live.LocalTotal, Amount + paid.FeeMsat);
        Assert.True(paid.FeeMsat > 0);

        // Killed at each point its store may have reached, and restarted.
        var cuts = journal.Cuts;
        Assert.True(cuts.Count > 5, $"only {cuts.Count} crash points");
        foreach (var cut in cuts)
        {
            using var folder = new StoreFolder(liveFolder.NodeKey);
            await journal.WriteTo(folder, cut);
            using var store = folder.Open();
            var snapshot = store.Load(DateTimeOffset.UnixEpoch, PaymentStore.DefaultCompletedKept);
            var restarted = new Alice(network, folder.NodeKey, InMemoryJournal.Instance, snapshot, folder.DbPath);
            var resumed = restarted.Payer.ResumeAllAsync(restarted.Switch.Restore(snapshot.Circuits, snapshot.OriginHtlcs, snapshot.SettledOrigins));
            var everyPartLeft = journal.Prefix(cut).Count(c => c is HtlcAdded { Direction: HtlcDirection.Offered }) == channelsToBob;
            foreach (var (channel, id) in restarted.Offered())
            {
                restarted.Switch.OnMessage("bob", everyPartLeft
                    ? new UpdateFulfillHtlcMessage(channel, id, preimage)
                    : new UpdateFailHtlcMessage(channel, id, new byte[Sphinx.Failures.FailurePacket.DefaultPacketSize]));
            }

            await resumed.WaitAsync(TimeSpan.FromSeconds(30));
            var moved = restarted.InitialLocal - restarted.LocalTotal;
            if (!restarted.Payments.TryGet(hashHex, out var payment))
            {
                Assert.Equal(0UL, moved);
                continue;
            }

            var at = $"killed after {cut} of {journal.StagedMark} changes: {payment.Status} {payment.Failure?.Name}, {moved} msat moved";
            Assert.True(payment.Status != PaymentStatus.InFlight, at);
            Assert.True((payment.Status == PaymentStatus.Succeeded) == (moved > 0), at);
            if (payment.Status == PaymentStatus.Succeeded)
            {
                Assert.Equal(Convert.ToHexStringLower(preimage), payment.Preimage);
                Assert.True(moved == Amount + payment.FeeMsat, at + $", fee {payment.FeeMsat}");
            }
        }

        // Once the payer recorded the success, its settled HTLCs leave the store with it.
        using var final = new StoreFolder(liveFolder.NodeKey);
        await journal.WriteTo(final, journal.StagedMark);
        using var finalStore = final.Open();
        var end = finalStore.Load(DateTimeOffset.UnixEpoch, PaymentStore.DefaultCompletedKept);
        Assert.Empty(end.OriginHtlcs);
        Assert.Empty(end.SettledOrigins);
    }

    /// <summary>alice - bob over <paramref name="channelsToBob"/> channels holding 6,000,000 msat each on alice's side; bob - carol, big, with a fee.</summary>
    private static NetworkDescription Network(int channelsToBob)
    {
        var fee = new PolicyDto { FeeBaseMsat = 1_000, FeeProportionalMillionths = 100, CltvExpiryDelta = 40 };
        var aliceBalance = channelsToBob == 1 ? 20_000_000UL : 6_000_000UL;
        return TestNetworks.Validate(new NetworkFileDto
        {
            Network = "payer-crash-points",
            BlockHeight = Height,
            Nodes = [TestNetworks.Node("alice", 21000), TestNetworks.Node("bob", 21002), TestNetworks.Node("carol", 21004)],
            Channels =
            [
                .. Enumerable.Range(1, channelsToBob).Select(i => TestNetworks.Channel($"1x{i}x0", "alice", "bob", 20_000_000, aliceBalance)),
                TestNetworks.Channel("2x1x0", "bob", "carol", 100_000_000, 50_000_000, fee),
            ],
        });
    }

    /// <summary>alice's parts, wired as NodeRuntime wires them, on a given journal and the snapshot a store kept.</summary>
    private sealed class Alice
    {
        public Alice(NetworkDescription network, PublicKey storeNodeId, IDecisionJournal journal, StoreSnapshot snapshot, string storePath)
        {
            var time = new ManualTimeProvider();
            var channels = network.ChannelsOf("alice").Select(c => new ChannelState(
                c.ShortChannelId, c.PeerOf("alice").Name, c.PeerOf("alice").NodeId, c.CapacityMsat, c.BalanceOf("alice"), c.PolicyFrom("alice"), c.PolicyFrom("bob"))).ToList();
            InitialLocal = channels.Aggregate(0UL, (sum, c) => sum + c.LocalBalanceMsat);
            var invoices = new InvoiceBook(time) { Journal = journal };
            Payments = new PaymentStore { Journal = journal };
            NodeResume.Apply(storePath, snapshot, journal, storeNodeId, Height, channels, invoices, Payments, new OnionReplayGuard(100));
            Channels = channels;
            var log = new LogRecorder();
            Switch = new HtlcSwitch("alice", PrivateKey.Generate(), channels, invoices, Outbox, Height, _ => null, new SwitchOptions(), log.For("alice")) { Journal = journal };
            Payer = new Payer(Switch, new PayerGraph(ChannelGraph.For(network)), RandomSessionKeySource.Instance, Payments, time, log.For("alice"));
        }

        public SentToBob Outbox { get; } = new();

        public HtlcSwitch Switch { get; }

        public Payer Payer { get; }

        public PaymentStore Payments { get; }

        public IReadOnlyList<ChannelState> Channels { get; }

        public ulong InitialLocal { get; }

        public ulong LocalTotal => Switch.Read(cs => cs.Aggregate(0UL, (sum, c) => sum + c.LocalBalanceMsat + c.OfferedInFlightMsat));

        /// <summary>The HTLCs alice's channels hold as offered, by channel id.</summary>
        public List<(ChannelId Channel, ulong Id)> Offered() => Switch.Read(cs => cs.SelectMany(c => c.Offered.Keys.Select(id => (c.ChannelId, id))).ToList());
    }

    /// <summary>bob as the switch sees him: always connected; what is sent to him is kept.</summary>
    private sealed class SentToBob : IPeerOutbox
    {
        private readonly Lock _gate = new();
        private readonly List<LightningMessage> _sent = [];

        public bool IsConnected(string peer) => true;

        public bool SupportsRouteBlinding(string peer) => false;

        public void Enqueue(string peer, LightningMessage message, TimeSpan delay = default)
        {
            lock (_gate)
            {
                _sent.Add(message);
            }
        }

        public List<UpdateAddHtlcMessage> Adds()
        {
            lock (_gate)
            {
                return [.. _sent.OfType<UpdateAddHtlcMessage>()];
            }
        }
    }
}
