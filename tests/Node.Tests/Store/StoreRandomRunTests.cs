using System.Security.Cryptography;
using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Node.Store;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Replay;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// A seeded random run of channel, invoice, payment and replay-log changes through the
/// journal; then the store is reopened and every row it holds must equal the state the
/// run left in memory, and a node restored from it must hold the same state.
/// </summary>
public sealed class StoreRandomRunTests : IDisposable
{
    private const ulong Capacity = 10_000_000;
    private readonly StoreFolder _folder = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_stored_row_equals_the_in_memory_state_after_a_random_run(int seed)
    {
        var random = new Random(seed);
        var node = NewNode(random);
        var preimages = new Dictionary<string, byte[]>();
        var secrets = new List<byte[]>();
        using (var store = _folder.Open())
        {
            var empty = store.Load(_time.GetUtcNow(), 100);
            var writer = store.StartWriter();
            node.Wire(writer);
            NodeResume.Apply(_folder.DbPath, empty, writer, _folder.NodeKey, 100, node.Channels, node.Invoices, node.Payments, node.Replay);
            for (var step = 0; step < 3000; step++)
            {
                Step(random, node, preimages, secrets, step);
                if (step % 500 == 0)
                {
                    await writer.WhenDurable(writer.StagedMark);
                }
            }

            writer.Dispose();
        }

        using var reopened = _folder.Open();
        var snapshot = reopened.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
        foreach (var channel in node.Channels)
        {
            var row = snapshot.Channels[channel.ShortChannelId.Value];
            Assert.Equal(ChannelSaved.Of(channel), row.Row);
            Assert.Equal(Sorted(channel.Offered.Values), Sorted(row.Offered));
            Assert.Equal(Sorted(channel.Received.Values), Sorted(row.Received));
        }

        Assert.Equal(node.Invoices.Count, snapshot.OpenInvoices.Count);
        foreach (var stored in snapshot.OpenInvoices)
        {
            Assert.True(node.Invoices.TryGet(stored.Invoice.PaymentHash, out var invoice));
            Assert.Equal(Json(invoice), Json(stored.Invoice));
            Assert.Equal(preimages[invoice.PaymentHashHex], stored.Preimage);
        }

        Assert.Equal(node.Payments.All.Select(Json).Order(), snapshot.Payments.Select(Json).Order());
        Assert.Equal(node.Replay.Count, snapshot.ReplayLog.Count);

        // A node restored from the store holds the same state and refuses the same onions.
        var restored = NewNode(new Random(seed));
        NodeResume.Apply(_folder.DbPath, snapshot, InMemoryJournal.Instance, _folder.NodeKey, 100, restored.Channels, restored.Invoices, restored.Payments, restored.Replay);
        for (var i = 0; i < node.Channels.Count; i++)
        {
            Assert.Equal(ChannelSaved.Of(node.Channels[i]), ChannelSaved.Of(restored.Channels[i]));
            Assert.True(restored.Channels[i].InvariantHolds());
        }

        Assert.Equal(node.Invoices.Count, restored.Invoices.Count);

        // Payments that ended come back as they were; one in flight with no HTLC in flight (this run
        // sent none) comes back failed: nothing of it can be on the network.
        Assert.Equal(node.Payments.All.Count, restored.Payments.All.Count);
        foreach (var payment in node.Payments.All)
        {
            Assert.True(restored.Payments.TryGet(payment.PaymentHash, out var back));
            if (payment.Status == PaymentStatus.InFlight)
            {
                Assert.Equal(PaymentStatus.Failed, back.Status);
                Assert.Equal(PaymentFailureKind.InterruptedByRestart, back.Failure!.Kind);
            }
            else
            {
                Assert.Equal(Json(payment), Json(back));
            }
        }

        foreach (var secret in secrets)
        {
            var expected = node.Replay.TryRecord(secret, 1000);
            Assert.Equal(expected, restored.Replay.TryRecord(secret, 1000));
        }
    }

    private void Step(Random random, TestNode node, Dictionary<string, byte[]> preimages, List<byte[]> secrets, int step)
    {
        var channel = node.Channels[random.Next(node.Channels.Count)];
        switch (random.Next(10))
        {
            case 0:
                channel.TryOffer((ulong)random.Next(1, 200_000), RandomNumberGenerator.GetBytes(32), (uint)random.Next(100, 1000), out _);
                break;
            case 1:
                channel.TryReceive(channel.NextExpectedReceivedId, (ulong)random.Next(1, 200_000), RandomNumberGenerator.GetBytes(32), (uint)random.Next(100, 1000), out _);
                break;
            case 2 when channel.Offered.Count > 0:
                channel.TryFailOffered(channel.Offered.Keys.ElementAt(random.Next(channel.Offered.Count)), out _);
                break;
            case 3 when channel.Received.Count > 0:
                channel.TryFailReceived(channel.Received.Keys.ElementAt(random.Next(channel.Received.Count)), out _);
                break;
            case 4:
                channel.LocalPolicy = channel.LocalPolicy with { FeeBaseMsat = (uint)random.Next(0, 5000), HtlcMaximumMsat = random.Next(2) == 0 ? ulong.MaxValue : (ulong)random.NextInt64() };
                break;
            case 5:
                var invoice = node.Invoices.Create((ulong)random.Next(1, 1_000_000), TimeSpan.FromHours(1), 18, $"step {step}");
                preimages[invoice.PaymentHashHex] = node.LastPreimage!;
                break;
            case 6 when node.Invoices.Count > 0:
                var hash = Convert.FromHexString(preimages.Keys.ElementAt(random.Next(preimages.Count)));
                if (node.Invoices.TryGet(hash, out var open))
                {
                    node.Invoices.TryClaim(open, out _);
                }

                break;
            case 7:
                var payment = new PaymentResult { PaymentHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Payee = "dave", AmountMsat = (ulong)random.NextInt64(1, 2_100_000_000_000_000_000), Status = PaymentStatus.InFlight };
                node.Payments.TryBegin(payment);
                if (random.Next(3) > 0)
                {
                    node.Payments.Complete(payment with { Status = PaymentStatus.Succeeded, Preimage = "00", Route = ["a", "b"], FeeMsat = 5, Attempts = [new PaymentAttempt(["a", "b"], 5, null)] });
                }

                break;
            case 8:
                var secret = RandomNumberGenerator.GetBytes(32);
                secrets.Add(secret);
                node.Replay.TryRecord(secret, (uint)random.Next(100, 400));
                break;
            default:
                node.Replay.PruneExpired((uint)random.Next(100, 200));
                break;
        }

        if (channel.Offered.Count > 0 && random.Next(4) == 0)
        {
            var htlc = channel.Offered.Values.First();
            channel.TrySettleOffered(htlc.Id, new byte[32], out _); // wrong preimage: refused, nothing staged
        }
    }

    private static List<(ulong, ulong, string, uint)> Sorted(IEnumerable<Htlc> htlcs) =>
        [.. htlcs.OrderBy(h => h.Id).Select(h => (h.Id, h.AmountMsat, Convert.ToHexString(h.PaymentHash), h.CltvExpiry))];

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private TestNode NewNode(Random random)
    {
        var policy = ChannelPolicy.Default;
        var channels = Enumerable.Range(1, 3)
            .Select(i => new ChannelState(new ShortChannelId(100, (uint)i, 0), $"peer{i}", PrivateKey.Generate().PublicKey, Capacity, Capacity / 2, policy, policy))
            .ToList();
        return new TestNode(channels, _time, random);
    }

    private sealed class TestNode
    {
        private readonly ManualTimeProvider _time;
        private readonly Random _random;

        public TestNode(List<ChannelState> channels, ManualTimeProvider time, Random random)
        {
            Channels = channels;
            _time = time;
            _random = random;
            Invoices = new InvoiceBook(time, Fill);
            Replay = new OnionReplayGuard(10_000);
        }

        public List<ChannelState> Channels { get; }

        public InvoiceBook Invoices { get; private set; }

        public PaymentStore Payments { get; private set; } = new();

        public OnionReplayGuard Replay { get; private set; }

        /// <summary>The preimage of the last invoice created (the book draws it first).</summary>
        public byte[]? LastPreimage { get; private set; }

        private int _draws;

        /// <summary>Connects the parts that take their journal at construction to <paramref name="journal"/>.</summary>
        public void Wire(IDecisionJournal journal)
        {
            Invoices = new InvoiceBook(_time, Fill) { Journal = journal };
            Payments = new PaymentStore { Journal = journal };
            Replay = new OnionReplayGuard(10_000, new ReplayJournal(journal));
        }

        private void Fill(Span<byte> bytes)
        {
            _random.NextBytes(bytes);
            if (_draws++ % 2 == 0)
            {
                LastPreimage = bytes.ToArray();
            }
        }
    }
}
