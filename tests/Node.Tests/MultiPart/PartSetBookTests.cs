using System.Security.Cryptography;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Payments;
using LnRelay.Node.Tests.Store;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.MultiPart;

/// <summary>The payee's part-set holder on its own (BOLT 4 "Basic Multi-Part Payments", receiver side; docs/mpp.md), on a manual clock.</summary>
public sealed class PartSetBookTests : IDisposable
{
    private const ulong Total = 1_000_000;
    private static readonly byte[] Hash = SHA256.HashData("mpp book test"u8);

    private readonly ManualTimeProvider _time = new();
    private readonly StoreFolder _folder = new();
    private ulong _nextId;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Parts_are_held_until_their_sum_reaches_total_msat_then_the_set_completes_with_every_part()
    {
        var book = new PartSetBook(_time, PartSetBook.DefaultTimeout);

        Assert.Equal(PartSetVerdict.Held, book.Offer(Hash, Total, Part(400_000)).Verdict);
        Assert.Equal(PartSetVerdict.Held, book.Offer(Hash, Total, Part(300_000)).Verdict);
        var done = book.Offer(Hash, Total, Part(300_000));

        Assert.Equal(PartSetVerdict.Complete, done.Verdict);
        Assert.Equal([400_000UL, 300_000, 300_000], done.Parts.Select(p => p.AmountMsat));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void A_single_part_carrying_the_total_completes_at_once_and_holds_nothing()
    {
        var book = new PartSetBook(_time, PartSetBook.DefaultTimeout);

        Assert.Equal(PartSetVerdict.Complete, book.Offer(Hash, Total, Part(Total)).Verdict);
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void A_part_with_another_total_msat_fails_the_whole_set_itself_included()
    {
        var book = new PartSetBook(_time, PartSetBook.DefaultTimeout);
        book.Offer(Hash, Total, Part(400_000));
        book.Offer(Hash, Total, Part(100_000));

        var decision = book.Offer(Hash, Total + 1, Part(100_000));

        Assert.Equal(PartSetVerdict.FailSet, decision.Verdict);
        Assert.Equal(3, decision.Parts.Count);
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Overpaying_by_less_than_the_smallest_part_completes_and_a_part_that_was_not_needed_is_refused_alone()
    {
        var book = new PartSetBook(_time, PartSetBook.DefaultTimeout);
        book.Offer(Hash, Total, Part(600_000));
        book.Offer(Hash, Total, Part(300_000));

        // 600 + 300 + 400 = 1300: 300 over, as much as the smallest part (300): not needed.
        Assert.Equal(PartSetVerdict.RefusePart, book.Offer(Hash, Total, Part(400_000)).Verdict);
        Assert.Equal(900_000UL, Assert.Single(book.Sets).SumMsat);

        // 600 + 300 + 150 = 1050: 50 over, less than the smallest part: settles.
        var done = book.Offer(Hash, Total, Part(150_000));
        Assert.Equal(PartSetVerdict.Complete, done.Verdict);
        Assert.Equal(3, done.Parts.Count);
    }

    [Fact]
    public void An_incomplete_set_expires_at_its_first_part_plus_the_timeout_and_not_a_tick_before()
    {
        var book = new PartSetBook(_time, PartSetBook.DefaultTimeout);
        book.Offer(Hash, Total, Part(400_000));
        _time.Advance(TimeSpan.FromSeconds(30));
        book.Offer(Hash, Total, Part(100_000));

        // The timer is the set's, started by its first part: a later part does not move it.
        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.Empty(book.Expire());
        _time.Advance(TimeSpan.FromTicks(1));
        var expired = Assert.Single(book.Expire());

        Assert.Equal(2, expired.Parts.Count);
        Assert.Equal(0, book.Count);
        Assert.Null(book.NextDeadline);
    }

    [Fact]
    public void The_timeout_is_a_setting()
    {
        var book = new PartSetBook(_time, TimeSpan.FromSeconds(5));
        book.Offer(Hash, Total, Part(400_000));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), book.NextDeadline);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartSetBook(_time, TimeSpan.Zero));
    }

    [Fact]
    public async Task Held_sets_their_parts_and_their_deadline_survive_a_restart_and_closed_sets_do_not()
    {
        var other = SHA256.HashData("mpp book test, settled"u8);
        DateTimeOffset deadline;
        using (var store = _folder.Open())
        {
            store.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
            var writer = store.StartWriter();
            var book = new PartSetBook(_time, PartSetBook.DefaultTimeout) { Journal = writer };
            book.Offer(Hash, Total, Part(400_000));
            _time.Advance(TimeSpan.FromSeconds(10));
            book.Offer(Hash, Total, Part(250_000));
            book.Offer(other, Total, Part(500_000));
            Assert.Equal(PartSetVerdict.Complete, book.Offer(other, Total, Part(500_000)).Verdict);
            deadline = book.NextDeadline!.Value;
            await writer.WhenDurable(writer.StagedMark);
            writer.Dispose();
        }

        using var reopened = _folder.Open();
        var set = Assert.Single(reopened.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept).PartSets);
        Assert.Equal(Hash, set.PaymentHash);
        Assert.Equal(Total, set.TotalMsat);
        Assert.Equal(deadline, set.Deadline);
        Assert.Equal([400_000UL, 250_000], set.Parts.Select(p => p.AmountMsat));
        Assert.Equal([0UL, 1], set.Parts.Select(p => p.HtlcId));

        // Put back into a book, the set keeps its timer and completes or expires as before.
        var restored = new PartSetBook(_time, PartSetBook.DefaultTimeout);
        restored.Restore(set);
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Single(restored.Expire());
    }

    private HeldPart Part(ulong amount) => new(7, _nextId++, amount, new byte[32], _time.GetUtcNow());
}
