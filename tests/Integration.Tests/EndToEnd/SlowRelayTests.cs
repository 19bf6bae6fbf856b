using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>A relay that holds every HTLC it forwards (forward_delay_ms): payments wait for it, none is lost or resolved twice.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SlowRelayTests
{
    private const ulong Amount = 50_000;
    /// <summary>Long enough to look at the network while bob holds the first HTLC, even on a busy machine.</summary>
    private const int FirstHoldMs = 6_000;

    private const int HoldMs = 1_500;

    /// <summary>Timers tick in whole milliseconds and elapsed_ms is truncated: a hold may show a few ms short.</summary>
    private const int TimerSlackMs = 15;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Payments_through_a_relay_that_delays_forwarding_wait_for_it_in_flight_then_all_succeed()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol");
        await net.WaitConnectedAsync(Deadline);
        var before = await NetworkLedger.ReadAsync(net);
        await net.SetFaultsAsync("bob", new { forward_delay_ms = FirstHoldMs });

        // The payer's request gives up waiting after a second (202): the payment goes on.
        var answer = await net.PayAsync("alice", "carol", Amount, timeoutSeconds: 1);
        Assert.Equal("in_flight", answer.GetProperty("status").GetString());
        var hash = answer.GetProperty("payment_hash").GetString()!;

        // bob has taken the HTLC from alice and offered it on to carol, but holds the message. The
        // first payment of a cold process may take more than the payer's second to reach bob:
        // wait for it, for less than bob holds it, so that what is seen is the hold.
        await Eventually.ValueAsync(
            () => NetworkLedger.ReadAsync(net),
            held => Held(held) == (1, 1, 0),
            held => $"alice's HTLC held by bob, offered to carol and not yet sent (1, 1, 0); seen {Held(held)}",
            TimeSpan.FromMilliseconds(FirstHoldMs / 2));

        var paid = PaymentOutcome.Of("alice", "carol", await net.WaitForPaymentAsync("alice", hash, Deadline));
        Assert.True(paid.Succeeded, paid.ToString());
        Assert.True(JsonDocument.Parse(paid.Json).RootElement.GetProperty("elapsed_ms").GetInt64() >= FirstHoldMs - TimerSlackMs);

        // Several at once, and some back the other way through the same slow relay.
        await net.SetFaultsAsync("bob", new { forward_delay_ms = HoldMs });
        var more = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? net.PayAsync("alice", "carol", Amount + (ulong)i)
            : net.PayAsync("carol", "alice", Amount + (ulong)i)));
        var results = more.Select((r, i) => PaymentOutcome.Of(i % 2 == 0 ? "alice" : "carol", i % 2 == 0 ? "carol" : "alice", r)).Append(paid).ToList();
        Assert.All(results, r => Assert.True(r.Succeeded && r.Attempts.Count == 1, r.ToString()));
        Assert.All(more, r => Assert.True(r.GetProperty("elapsed_ms").GetInt64() >= HoldMs - TimerSlackMs));

        await net.SetFaultsAsync("bob", new { forward_delay_ms = 0 });
        await NetworkLedger.AssertConservedAsync(net, before, new RouteFees(net.Channels).Deltas(results));

        // Held, then sent once and settled once. The nodes are stopped first, so that a second
        // forward or settlement logged late is in the logs too.
        await net.StopAllAsync();
        foreach (var r in results)
        {
            Assert.Single(NodeLog.Of(net, "bob", "HtlcForwarded", r.Hash));
            Assert.Single(NodeLog.Of(net, "bob", "HtlcSettled", r.Hash));
        }
    }

    /// <summary>HTLCs alice offered bob, bob offered carol, and carol has received.</summary>
    private static (int, int, int) Held(NetworkLedger ledger) =>
        (ledger.End("alice", "bob").HtlcsOffered, ledger.End("bob", "carol").HtlcsOffered, ledger.End("carol", "bob").HtlcsReceived);
}
