using LnRelay.Node.Payments;

namespace LnRelay.Node.Tests;

public sealed class PaymentStoreTests
{
    [Fact]
    public void Only_the_most_recent_ended_payments_are_kept_and_the_oldest_go_first()
    {
        var store = new PaymentStore(completedKept: 3);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(store.TryBegin(InFlight(i)));
            store.Complete(InFlight(i) with { Status = PaymentStatus.Succeeded });
        }

        Assert.Equal([2, 3, 4], store.All.Select(p => int.Parse(p.Payee.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.False(store.TryGet(Hash(0), out _));
        Assert.True(store.TryGet(Hash(4), out var last));
        Assert.Equal(PaymentStatus.Succeeded, last.Status);
    }

    [Fact]
    public void Payments_in_flight_are_never_forgotten()
    {
        var store = new PaymentStore(completedKept: 2);
        Assert.True(store.TryBegin(InFlight(100)));
        for (var i = 0; i < 10; i++)
        {
            Assert.True(store.TryBegin(InFlight(i)));
            store.Complete(InFlight(i) with { Status = PaymentStatus.Failed });
        }

        Assert.True(store.TryGet(Hash(100), out var inFlight));
        Assert.Equal(PaymentStatus.InFlight, inFlight.Status);
        Assert.Equal(3, store.All.Count);
    }

    [Fact]
    public void A_failed_payment_tried_again_keeps_its_new_attempt_when_the_old_record_ages_out()
    {
        var store = new PaymentStore(completedKept: 2);
        Assert.True(store.TryBegin(InFlight(0)));
        store.Complete(InFlight(0) with { Status = PaymentStatus.Failed });
        Assert.True(store.TryBegin(InFlight(0)), "a failed hash may be paid again");
        Assert.False(store.TryBegin(InFlight(0)), "but not twice at once");

        for (var i = 1; i <= 3; i++)
        {
            Assert.True(store.TryBegin(InFlight(i)));
            store.Complete(InFlight(i) with { Status = PaymentStatus.Succeeded });
        }

        Assert.True(store.TryGet(Hash(0), out var retry));
        Assert.Equal(PaymentStatus.InFlight, retry.Status);
    }

    [Fact]
    public void A_store_that_keeps_nothing_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaymentStore(completedKept: 0));
    }

    private static string Hash(int i) => Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, '0');

    private static PaymentResult InFlight(int i) => new() { PaymentHash = Hash(i), Payee = $"n{i}", AmountMsat = 1_000, Status = PaymentStatus.InFlight };
}
