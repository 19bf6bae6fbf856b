using LnRelay.Tests.Shared;
using Xunit.Abstractions;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// A relay whose peer connections keep breaking mid-stream (drop_peer_after_messages):
/// the dialling side re-dials through its Polly retry pipeline, traffic resumes on the
/// new session, and every payment still ends, exactly once, with no HTLC left behind.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConnectionDropTests(ITestOutputHelper output)
{
    /// <summary>Three waves of eight at once: each wave starts on connections that broke during the one before.</summary>
    private const int Waves = 3;
    private const int AtOnce = 8;
    private const int Payments = Waves * AtOnce;

    /// <summary>Counted on bob's side of each connection, init and link_sync included: each session carries two HTLC updates, then breaks.</summary>
    private const int DropAfter = 4;

    /// <summary>How long one payment may take: re-dials back off up to 5 s, a payment takes well under one.</summary>
    private const int PaymentSeconds = 10;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Connections_dropped_mid_stream_are_redialled_and_every_payment_still_ends_once()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol");
        await net.WaitConnectedAsync(Deadline);
        var before = await NetworkLedger.ReadAsync(net);
        await net.SetFaultsAsync("bob", new { drop_peer_after_messages = DropAfter });

        // Both directions at once, so that messages are on the wire when a connection closes.
        var results = new List<PaymentOutcome>();
        for (var wave = 0; wave < Waves; wave++)
        {
            results.AddRange(await Task.WhenAll(Enumerable.Range(wave * AtOnce, AtOnce).Select(async i =>
            {
                var (from, to) = i % 2 == 0 ? ("alice", "carol") : ("carol", "alice");
                return PaymentOutcome.Of(from, to, await net.PayAsync(from, to, 10_000 + (ulong)i, timeoutSeconds: PaymentSeconds));
            })));
        }

        await net.SetFaultsAsync("bob", new { drop_peer_after_messages = 0 });

        // The connections did break, more than once, and came back each time.
        var disconnected = NodeLog.Events(net, "bob").Count(e => NodeLog.Name(e) == "PeerDisconnected");
        output.WriteLine($"{disconnected} drops; {results.Count(r => r.Succeeded)} of {Payments} succeeded, {results.Count(r => r.Status == "failed")} failed: {string.Join(", ", results.Where(r => r.Status == "failed").Select(r => r.Failure))}");
        Assert.True(disconnected >= 2, $"bob's connections dropped {disconnected} time(s)");
        await net.WaitConnectedAsync(Deadline);

        // Every payment ends once the links are back (a busy machine may need longer than the
        // payer's wait); those that failed did so with a result.
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Status == "in_flight")
            {
                try
                {
                    results[i] = PaymentOutcome.Of(results[i].From, results[i].To, await net.WaitForPaymentAsync(results[i].From, results[i].Hash, Deadline));
                }
                catch (TimeoutException)
                {
                }
            }
        }

        var after = await NetworkLedger.ReadAsync(net);
        var stuck = results.Where(r => r.Status == "in_flight").ToList();
        Assert.True(
            stuck.Count == 0,
            $"{stuck.Count} of {Payments} payments had not ended {Deadline.TotalSeconds} s after the links were back ({disconnected} drops): {string.Join(", ", stuck.Select(r => $"{r.From}->{r.To} {r.Hash[..8]}"))}. " +
            $"Ends with HTLCs in flight: {string.Join("; ", after.Ends.Where(e => e.HtlcsOffered + e.HtlcsReceived > 0))}");
        after.AssertConservedSince(before, new RouteFees(net.Channels).Deltas(results));

        // A payment fails only where a link was down at the moment it needed it: the payer's own
        // (no route, or gone between choosing the route and offering the HTLC: it sent nothing),
        // or bob's onward one (BOLT 4: the outgoing channel is unavailable); the others went
        // through, across the drops.
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(
            r.Failure == new ReportedFailure(0x1007, "temporary_channel_failure", 0, "bob") || (r.Failure is { Hop: -1, Name: "no_route" or "local_failure" } && ReachedNoOne(r)),
            r.ToString()));
        Assert.True(results.Skip(AtOnce).Any(r => r.Succeeded), "no payment after the first wave went through the re-dialled connections");

        // Traffic resumes on the re-dialled connections once the fault is gone.
        Assert.True(PaymentOutcome.Of("alice", "carol", await net.PayAsync("alice", "carol", 20_000)).Succeeded);
        Assert.True(PaymentOutcome.Of("carol", "alice", await net.PayAsync("carol", "alice", 20_000)).Succeeded);

        // Exactly once: bob resolved each payment's HTLC from the payer one way, one time, however
        // often it was sent. The nodes are stopped first, so that a second resolution logged late
        // is in the logs too.
        await net.StopAllAsync();
        foreach (var r in results.Where(r => !ReachedNoOne(r)))
        {
            var resolution = r.Succeeded ? "HtlcSettled" : "HtlcFailed";
            Assert.Single(NodeLog.Of(net, "bob", resolution, r.Hash));
            Assert.Empty(NodeLog.Of(net, "bob", r.Succeeded ? "HtlcFailed" : "HtlcSettled", r.Hash));
        }
    }

    /// <summary>Every attempt (if any) failed at the payer itself: no HTLC left it.</summary>
    private static bool ReachedNoOne(PaymentOutcome r) => !r.Succeeded && r.Attempts.All(a => a.Failure is { Hop: -1 });
}
