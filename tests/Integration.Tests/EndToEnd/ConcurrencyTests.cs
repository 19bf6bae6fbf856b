using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;
using Xunit.Abstractions;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>Many payments at once, crossing each other over the same channels in both directions.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Seed = 200;
    private const int AtOnce = 200;

    /// <summary>Far below what happens (the payments start in the same instant), far above one after another.</summary>
    private const int MinOverlap = 20;
    private const ulong Capacity = 10_000_000_000;
    private static readonly string[] Names = ["alice", "bob", "carol", "dave", "eve"];

    /// <summary>Four flows over the line alice-bob-carol-dave (and eve beside bob): every channel of the line carries HTLCs both ways at once.</summary>
    private static readonly (string From, string To)[] Flows = [("alice", "dave"), ("dave", "alice"), ("bob", "dave"), ("carol", "alice"), ("eve", "carol"), ("dave", "eve")];

    [Fact]
    public async Task Two_hundred_payments_at_once_in_both_directions_are_each_resolved_exactly_once_and_money_is_conserved()
    {
        await using var net = await TestNetwork.StartAsync(
            Names,
            [
                new TestChannel("alice", "bob", Capacity, Capacity / 2),
                new TestChannel("bob", "carol", Capacity, Capacity / 2),
                new TestChannel("carol", "dave", Capacity, Capacity / 2),
                new TestChannel("bob", "eve", Capacity, Capacity / 2),
            ]);
        await net.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        var random = new Random(Seed);
        var plan = Enumerable.Range(0, AtOnce).Select(i => (Flow: Flows[i % Flows.Length], Amount: (ulong)random.NextInt64(1_000, 5_000_000))).ToList();

        // Invoices first, then every payment in the same instant.
        var invoices = await Task.WhenAll(plan.Select(p => net.PostAsync(p.Flow.To, "/v1/invoices", new { amount_msat = p.Amount })));
        var before = await NetworkLedger.ReadAsync(net);
        using var start = new SemaphoreSlim(0);
        var payments = plan.Select(async (p, i) =>
        {
            await start.WaitAsync();
            var answer = await net.PostAsync(p.Flow.From, "/v1/payments", new
            {
                payee = p.Flow.To,
                amount_msat = p.Amount,
                payment_hash = invoices[i].GetProperty("payment_hash").GetString(),
                payment_secret = invoices[i].GetProperty("payment_secret").GetString(),
                timeout_seconds = 120,
            });
            return PaymentOutcome.Of(p.Flow.From, p.Flow.To, answer);
        }).ToList();
        start.Release(AtOnce);
        var results = await Task.WhenAll(payments);

        // Each payment ended once: one terminal result, which the payer still reports the same way.
        var failed = results.Where(r => !r.Succeeded).ToList();
        Assert.True(failed.Count == 0, $"seed {Seed}: {failed.Count} of {AtOnce} failed: {string.Join("\n", failed.Take(5))}");
        Assert.Equal(AtOnce, results.Select(r => r.Hash).Distinct().Count());
        foreach (var payer in Flows.Select(f => f.From).Distinct())
        {
            var listed = (await net.Api(payer).GetFromJsonAsync<JsonElement>("/v1/payments")).EnumerateArray().ToList();
            Assert.Equal(results.Count(r => r.From == payer), listed.Count);
            Assert.All(listed, p => Assert.Equal("succeeded", p.GetProperty("status").GetString()));
        }

        // Money moved exactly as the payments say, and nothing is left in flight.
        await NetworkLedger.AssertConservedAsync(net, before, new RouteFees(net.Channels).Deltas(results));

        // Each HTLC was settled once at every hop: one HtlcSettled per node of the route, no
        // HtlcFailed. The nodes are stopped first, so that their logs are complete.
        await net.StopAllAsync();
        var settled = new Dictionary<string, int>(StringComparer.Ordinal);
        var hashes = results.Select(r => r.Hash).ToHashSet(StringComparer.Ordinal);
        foreach (var node in Names)
        {
            foreach (var e in NodeLog.Events(net, node))
            {
                if (NodeLog.Text(e, "PaymentHash") is { } hash && hashes.Contains(hash))
                {
                    Assert.NotEqual("HtlcFailed", NodeLog.Name(e));
                    if (NodeLog.Name(e) == "HtlcSettled")
                    {
                        settled[hash] = settled.GetValueOrDefault(hash) + 1;
                    }
                }
            }
        }

        Assert.All(results, r => Assert.True(settled.GetValueOrDefault(r.Hash) == r.Route!.Count, $"{r}: settled {settled.GetValueOrDefault(r.Hash)} times over {r.Route!.Count} nodes"));

        // They were in flight together, not one after another: the payers' logs show it.
        var overlap = MostAtOnce(net, hashes);
        output.WriteLine($"{AtOnce} payments, at most {overlap} in flight at once");
        Assert.True(overlap >= MinOverlap, $"at most {overlap} payments were in flight at once");
    }

    /// <summary>The most payments that were in flight at one moment, from each payer's first HopView to its PaymentSucceeded.</summary>
    private static int MostAtOnce(TestNetwork net, HashSet<string> hashes)
    {
        var edges = new List<(DateTimeOffset At, int Step)>();
        foreach (var node in Names)
        {
            foreach (var e in NodeLog.Events(net, node))
            {
                var name = NodeLog.Name(e);
                if (NodeLog.Text(e, "PaymentHash") is { } hash && hashes.Contains(hash)
                    && ((name == "HopView" && NodeLog.Text(e, "Role") == "origin") || name == "PaymentSucceeded"))
                {
                    edges.Add((DateTimeOffset.Parse(e.GetProperty("Timestamp").GetString()!, CultureInfo.InvariantCulture), name == "HopView" ? 1 : -1));
                }
            }
        }

        var now = 0;
        var most = 0;
        foreach (var (_, step) in edges.OrderBy(e => e.At).ThenBy(e => e.Step))
        {
            now += step;
            most = Math.Max(most, now);
        }

        return most;
    }
}
