using LnRelay.Node.Payments;
using Xunit.Abstractions;

namespace LnRelay.Node.Tests;

/// <summary>
/// What the payment store holds, measured with <see cref="GC.GetTotalMemory(bool)"/>: in a collection that
/// runs alone, because another test allocating or freeing at the same time moves the process's heap
/// (a CI run once measured -894 bytes a payment while other tests ran beside it).
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class PaymentStoreMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Ended_successes_hold_no_object_of_their_own()
    {
        const int payments = 10_000;
        var route = new[] { "n1", "n2", "n3", "n4", "n5" };
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new PaymentStore(payments);
        for (var i = 0; i < payments; i++)
        {
            // A list of names each, as the payer makes them: payments along one route share one list in the store.
            string[] names = [.. route];
            store.Complete(PaymentStoreTests.Succeeded(i) with { Route = names, Attempts = [new PaymentAttempt(names, 2, null)] });
        }

        var perPayment = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)payments;
        output.WriteLine($"{perPayment:F0} bytes held per ended payment");

        // About 260: the ring's value (about 140) and the index's entry with the dictionary's slack. A record
        // with its hex strings and attempt list held about 630.
        Assert.InRange(perPayment, 100, 320);
        Assert.Equal(payments, store.All.Count);
        GC.KeepAlive(store);
    }
}
