using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Node.Store;
using LnRelay.Sphinx.Replay;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// Migration 5 (docs/store.md): a point-locked payment's state survives a restart: a relay's
/// tweak y_i with its circuit, the payer's y_0 with its origin HTLC, and a point-locked
/// invoice's Z and z (docs/ptlc.md). Hash-locked rows keep a NULL tweak.
/// </summary>
public sealed class PointLockStoreTests : IDisposable
{
    private readonly StoreFolder _folder = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Tweaks_AndPointInvoices_AreReadBackAfterARestart()
    {
        var relayTweak = Enumerable.Repeat((byte)0x21, 32).ToArray();
        var payerTweak = Enumerable.Repeat((byte)0x42, 32).ToArray();
        var payeePoint = Enumerable.Repeat((byte)0x03, 33).ToArray();
        Invoice invoice;
        using (var store = _folder.Open())
        {
            var empty = store.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
            var writer = store.StartWriter();
            var book = new InvoiceBook(_time) { Journal = writer };
            NodeResume.Apply(_folder.DbPath, empty, writer, _folder.NodeKey, 100, [], book, new PaymentStore { Journal = writer }, new OnionReplayGuard(100, new ReplayJournal(writer)));
            invoice = book.Create(10_000, TimeSpan.FromHours(1), 18, "point", pointLock: true);
            writer.Stage(new CircuitOpened(1, 2, 3, 4, new byte[32], PtlcTweak: relayTweak));
            writer.Stage(new CircuitOpened(5, 6, 7, 8, new byte[32]));
            writer.Stage(new OriginHtlcAdded(9, 10, payeePoint, payerTweak));
            await writer.WhenDurable(writer.StagedMark);
            writer.Dispose();
        }

        using var reopened = _folder.Open();
        var snapshot = reopened.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
        Assert.Equal(relayTweak, snapshot.Circuits.Single(c => c.OutScid == 1).PtlcTweak);
        Assert.Null(snapshot.Circuits.Single(c => c.OutScid == 5).PtlcTweak);
        var origin = Assert.Single(snapshot.OriginHtlcs);
        Assert.Equal(payeePoint, origin.PaymentHash);
        Assert.Equal(payerTweak, origin.PtlcTweak);

        var restored = new InvoiceBook(_time);
        NodeResume.Apply(_folder.DbPath, snapshot, InMemoryJournal.Instance, _folder.NodeKey, 100, [], restored, new PaymentStore(), new OnionReplayGuard(100));
        Assert.True(restored.TryGet(invoice.PaymentHash, out var back));
        Assert.True(back.IsPointLocked);
        Assert.True(restored.TryClaim(back, out var z));
        Assert.True(Sphinx.Ptlc.PointLock.Opens(z, invoice.PaymentHash));
    }
}
