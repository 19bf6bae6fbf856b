using System.Security.Cryptography;
using LnRelay.Node.Invoices;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests;

public sealed class InvoiceBookTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Invoices_hash_their_preimage_expire_and_are_claimed_once()
    {
        var time = new ManualTimeProvider(Start);
        var book = new InvoiceBook(time);
        var invoice = book.Create(5_000, TimeSpan.FromMinutes(10), Invoice.DefaultMinFinalCltvExpiryDelta, "coffee");

        Assert.NotEqual(invoice.PaymentHash, invoice.PaymentSecret);
        Assert.True(book.TryGet(invoice.PaymentHash, out var found));
        Assert.Same(invoice, found);
        Assert.False(book.IsExpired(invoice));

        Assert.True(book.TryClaim(invoice, out var preimage));
        Assert.Equal(SHA256.HashData(preimage), invoice.PaymentHash);
        Assert.False(book.TryClaim(invoice, out _));
        Assert.False(book.TryGet(invoice.PaymentHash, out _), "a paid invoice leaves the book");
        Assert.Equal(0, book.Count);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(book.IsExpired(invoice));
        Assert.False(book.TryGet(new byte[32], out _));
    }

    [Fact]
    public void Expired_invoices_are_swept_when_new_ones_are_created_and_open_ones_stay()
    {
        var time = new ManualTimeProvider(Start);
        var book = new InvoiceBook(time);
        var shortLived = Enumerable.Range(0, 100).Select(_ => book.Create(1_000, TimeSpan.FromSeconds(30), 18, "")).ToList();
        var longLived = book.Create(1_000, TimeSpan.FromHours(1), 18, "");
        Assert.Equal(101, book.Count);

        time.Advance(InvoiceBook.SweepInterval);
        var fresh = book.Create(1_000, TimeSpan.FromHours(1), 18, "");

        Assert.Equal(2, book.Count);
        Assert.All(shortLived, i => Assert.False(book.TryGet(i.PaymentHash, out _)));
        Assert.True(book.TryGet(longLived.PaymentHash, out _));
        Assert.True(book.TryGet(fresh.PaymentHash, out _));
    }

    [Fact]
    public void The_book_holds_only_open_invoices_however_many_are_paid()
    {
        var book = new InvoiceBook(new ManualTimeProvider(Start));
        for (var i = 0; i < 10_000; i++)
        {
            var invoice = book.Create(1_000, TimeSpan.FromHours(1), 18, "");
            Assert.True(book.TryClaim(invoice, out _));
        }

        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void The_most_recent_paid_invoices_are_listed_oldest_first()
    {
        var time = new ManualTimeProvider(Start);
        var book = new InvoiceBook(time);
        var paid = new List<Invoice>();
        for (var i = 0; i < InvoiceBook.PaidKept + 5; i++)
        {
            var invoice = book.Create((ulong)(1_000 + i), TimeSpan.FromHours(1), 18, "");
            Assert.True(book.TryClaim(invoice, out _));
            paid.Add(invoice);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var listed = book.Paid;
        Assert.Equal(InvoiceBook.PaidKept, listed.Count);
        Assert.Equal(paid.Skip(5).Select(i => i.PaymentHashHex), listed.Select(p => p.PaymentHash));
        Assert.Equal(paid.Skip(5).Select(i => i.AmountMsat), listed.Select(p => p.AmountMsat));
        Assert.Equal(Start + TimeSpan.FromSeconds(5), listed[0].PaidAt);
    }
}
