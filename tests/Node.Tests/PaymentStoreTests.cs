using System.Text.Json;
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

    [Theory]
    [InlineData(32, "hash")]
    [InlineData(33, "point")]
    public void A_success_kept_as_values_reads_back_as_it_was_recorded(int hashBytes, string lockKind)
    {
        var store = new PaymentStore();
        var recorded = Succeeded(0, hashBytes, lockKind);
        Assert.True(store.TryBegin(recorded with { Status = PaymentStatus.InFlight, Preimage = null, Route = null, FeeMsat = null, Attempts = [] }));
        store.Complete(recorded);

        Assert.True(store.TryGet(recorded.PaymentHash, out var read));
        Assert.Equal(JsonSerializer.Serialize(recorded), JsonSerializer.Serialize(read));
        Assert.Equal(JsonSerializer.Serialize(recorded), JsonSerializer.Serialize(Assert.Single(store.All)));
        Assert.True(store.TryGet(recorded.PaymentHash.ToUpperInvariant(), out _), "a hash is found in either case");
        Assert.False(store.TryBegin(recorded with { Status = PaymentStatus.InFlight }), "a succeeded hash is not paid twice");
    }

    [Fact]
    public void Payments_that_did_not_end_the_usual_way_read_back_as_their_own_records()
    {
        var store = new PaymentStore();
        var route = new[] { "n1", "n2", "n3" };
        var retried = Succeeded(1) with { Attempts = [new PaymentAttempt(route, 1, PaymentFailure.Here(PaymentFailureKind.LocalFailure, "busy")), new PaymentAttempt(route, 1, null)] };
        var capitals = Succeeded(2) with { PaymentHash = new string('A', 64) };
        var failed = InFlight(3) with { Status = PaymentStatus.Failed, Failure = PaymentFailure.Here(PaymentFailureKind.NoRoute, "none") };
        foreach (var payment in new[] { retried, capitals, failed })
        {
            store.Complete(payment);
            Assert.True(store.TryGet(payment.PaymentHash, out var read));
            Assert.Same(payment, read);
        }

        Assert.True(store.TryGet(new string('a', 64), out var byLowercase));
        Assert.Equal(new string('A', 64), byLowercase.PaymentHash);
    }

    internal static PaymentResult Succeeded(int i, int hashBytes = 32, string lockKind = "hash")
    {
        var hash = new byte[hashBytes];
        BitConverter.GetBytes(i).CopyTo(hash, 0);
        var route = new[] { "n1", "n2", "n3" };
        return new PaymentResult
        {
            PaymentHash = Convert.ToHexStringLower(hash),
            Payee = "n3",
            AmountMsat = 10_000,
            Status = PaymentStatus.Succeeded,
            Lock = lockKind,
            Preimage = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(hash)),
            Route = route,
            FeeMsat = 2,
            Attempts = [new PaymentAttempt(route, 2, null)],
            ElapsedMs = 7 + i,
        };
    }

    private static string Hash(int i) => Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, '0');

    private static PaymentResult InFlight(int i) => new() { PaymentHash = Hash(i), Payee = $"n{i}", AmountMsat = 1_000, Status = PaymentStatus.InFlight };
}
