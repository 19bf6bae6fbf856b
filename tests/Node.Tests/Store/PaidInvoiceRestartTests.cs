using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Node.Store;
using LnRelay.Sphinx.Replay;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// A payee restarted after an invoice was paid still lists it as paid (GET /v1/invoices, which
/// 'lnrelay audit' reads), with its amount and time, even once its expiry has passed; the
/// invoice is not open again (docs/store.md, "Recovery").
/// </summary>
public sealed class PaidInvoiceRestartTests : IDisposable
{
    private readonly StoreFolder _folder = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_restart_keeps_a_paid_invoice_listed_as_paid_and_not_open()
    {
        Invoice paid;
        Invoice open;
        PaidInvoice listed;
        using (var store = _folder.Open())
        {
            var empty = store.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
            var writer = store.StartWriter();
            var book = new InvoiceBook(_time) { Journal = writer };
            NodeResume.Apply(_folder.DbPath, empty, writer, _folder.NodeKey, 100, [], book, new PaymentStore { Journal = writer }, new OnionReplayGuard(100, new ReplayJournal(writer)));
            paid = book.Create(50_000, TimeSpan.FromHours(1), 18, "paid");
            open = book.Create(70_000, TimeSpan.FromHours(2), 18, "open");
            _time.Advance(TimeSpan.FromMinutes(5));
            Assert.True(book.TryClaim(paid, out _));
            listed = Assert.Single(book.Paid);
            await writer.WhenDurable(writer.StagedMark);
            writer.Dispose();
        }

        // Past the paid invoice's expiry, before the open one's: the paid one is kept as proof.
        _time.Advance(TimeSpan.FromMinutes(90));
        using var reopened = _folder.Open();
        var restored = new InvoiceBook(_time);
        NodeResume.Apply(_folder.DbPath, reopened.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept), InMemoryJournal.Instance, _folder.NodeKey, 100, [], restored, new PaymentStore(), new OnionReplayGuard(100));

        Assert.Equal(listed, Assert.Single(restored.Paid));
        Assert.Equal(paid.PaymentHashHex, listed.PaymentHash);
        Assert.Equal(50_000UL, listed.AmountMsat);
        Assert.False(restored.TryGet(paid.PaymentHash, out _));
        Assert.True(restored.TryGet(open.PaymentHash, out _));
        Assert.Equal(open.PaymentHashHex, Assert.Single(restored.Open).PaymentHashHex);
    }
}
