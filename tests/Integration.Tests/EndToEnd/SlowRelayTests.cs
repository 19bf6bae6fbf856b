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

        // bob has taken the HTLC from alice and offered it on to carol, but holds the message.
        var held = await NetworkLedger.ReadAsync(net);
        Assert.Equal((1, 1, 0), (held.End("alice", "bob").HtlcsOffered, held.End("bob", "carol").HtlcsOffered, held.End("carol", "bob").HtlcsReceived));

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
        foreach (var r in results)
        {
            // Held, then sent once and settled once.
            Assert.Single(await NodeLog.WaitForAsync(net, "bob", "HtlcForwarded", r.Hash));
            Assert.Single(await NodeLog.WaitForAsync(net, "bob", "HtlcSettled", r.Hash));
        }

        await net.SetFaultsAsync("bob", new { forward_delay_ms = 0 });
        var after = await NetworkLedger.ReadAsync(net);
        Assert.Empty(after.Problems());
        Assert.Equal(0, after.HtlcsInFlight);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var fees = new RouteFees(net.Channels);
        foreach (var r in results)
        {
            fees.Apply(expected, r.Route!, r.AmountMsat);
        }

        Assert.All(after.DeltasSince(before), d => Assert.True(expected.GetValueOrDefault(d.Key) == d.Value, $"{d.Key} moved {d.Value}, expected {expected.GetValueOrDefault(d.Key)}"));
    }
}
