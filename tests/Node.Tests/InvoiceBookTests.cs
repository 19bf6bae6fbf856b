using System.Security.Cryptography;
using LnRelay.Node.Invoices;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests;

public sealed class InvoiceBookTests
{
    [Fact]
    public void Invoices_hash_their_preimage_expire_and_are_paid_once()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var book = new InvoiceBook(time);
        var invoice = book.Create(5_000, TimeSpan.FromMinutes(10), Invoice.DefaultMinFinalCltvExpiryDelta, "coffee");

        Assert.Equal(SHA256.HashData(book.PreimageOf(invoice)), invoice.PaymentHash);
        Assert.NotEqual(invoice.PaymentHash, invoice.PaymentSecret);
        Assert.True(book.TryGet(invoice.PaymentHash, out var found, out var state));
        Assert.Same(invoice, found);
        Assert.Equal(InvoiceState.Open, state);
        Assert.False(book.IsExpired(invoice));

        Assert.True(book.MarkPaid(invoice));
        Assert.False(book.MarkPaid(invoice));
        Assert.True(book.TryGet(invoice.PaymentHash, out _, out state));
        Assert.Equal(InvoiceState.Paid, state);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(book.IsExpired(invoice));
        Assert.False(book.TryGet(new byte[32], out _, out _));
    }
}
