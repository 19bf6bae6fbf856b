using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Orchestrator.Topology.Generation;
using LnRelay.Tests.Shared;
using Xunit.Abstractions;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// Random splits on random graphs, end to end (docs/mpp.md; BOLT 4 "Basic Multi-Part Payments":
/// fulfilling any part means fulfilling all): a seeded random topology from the same generator
/// as <c>lnrelay topology generate --model random</c>, random payers, payees and amounts larger
/// than anything the payer holds on one channel (so every payment that succeeds must split),
/// several in flight at once. For every payment either the whole amount arrived once or nothing
/// did, and every channel conserves its money.
/// <para>The seed is <see cref="DefaultSeed"/>, or LNRELAY_TEST_SEED; every failure message names it.</para>
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RandomSplitsTests(ITestOutputHelper output)
{
    public const int DefaultSeed = 16_2026;
    private const int Nodes = 10;
    private const int Payments = 16;

    /// <summary>Channels per node: a few more than the generator's default 4, so that most pairs have several routes.</summary>
    private const double MeanDegree = 5;
    private const int AtOnce = 4;

    /// <summary>The payees' hold timeout: a set that cannot complete fails in seconds, not the default minute.</summary>
    private const int MppTimeoutSeconds = 5;

    private readonly int _seed = int.TryParse(Environment.GetEnvironmentVariable("LNRELAY_TEST_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    private string Describe => $"seed {_seed} (set LNRELAY_TEST_SEED={_seed} to replay the same plan)";

    [Fact]
    public async Task Every_random_split_payment_arrives_whole_once_or_not_at_all_and_money_is_conserved_on_every_channel()
    {
        var topology = TopologyGenerator.Generate(new GeneratorOptions(Nodes, TopologyModel.Random, (ulong)_seed, MeanDegree));
        var channels = topology.Channels.Select(c => new TestChannel(c.Node1, c.Node2, c.CapacityMsat, c.Node1BalanceMsat) { APolicy = c.Node1Policy, BPolicy = c.Node2Policy }).ToArray();
        var random = new Random(_seed);
        var plan = Enumerable.Range(0, Payments).Select(_ => Plan(random, channels)).ToList();

        await using var net = await TestNetwork.StartAsync([.. topology.Nodes], channels);
        await net.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        foreach (var node in topology.Nodes)
        {
            using var response = await net.Api(node).PutAsJsonAsync("/v1/mpp", new { timeout_seconds = MppTimeoutSeconds });
            Assert.True(response.IsSuccessStatusCode, $"{node}: PUT /v1/mpp {(int)response.StatusCode}");
        }

        var before = await NetworkLedger.ReadAsync(net);
        var results = new JsonElement[plan.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Count), new ParallelOptions { MaxDegreeOfParallelism = AtOnce }, async (i, _) =>
        {
            var (from, to, amount) = plan[i];
            var answer = await net.PayAsync(from, to, amount);
            var hash = answer.GetProperty("payment_hash").GetString()!;
            results[i] = answer.GetProperty("status").GetString() == "in_flight" ? await net.WaitForPaymentAsync(from, hash, TimeSpan.FromSeconds(90)) : answer;
        });

        await Eventually.TrueAsync(async () => (await NetworkLedger.ReadAsync(net)).HtlcsInFlight == 0, $"{Describe}: no HTLC left in flight");
        var after = await NetworkLedger.ReadAsync(net);
        var fees = new RouteFees(net.Channels);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var split = 0;
        for (var i = 0; i < plan.Count; i++)
        {
            var (from, to, amount) = plan[i];
            var result = results[i];
            var hash = result.GetProperty("payment_hash").GetString()!;
            var parts = result.TryGetProperty("parts", out var p) && p.ValueKind == JsonValueKind.Array ? [.. p.EnumerateArray()] : new List<JsonElement>();
            var settled = parts.Where(x => x.GetProperty("outcome").GetString() == "settled").ToList();
            var paid = (await net.Api(to).GetFromJsonAsync<JsonElement>("/v1/invoices")).GetProperty("paid").EnumerateArray().Any(x => x.GetProperty("payment_hash").GetString() == hash);
            var context = $"{Describe}: {from}->{to} {amount} msat: {result}";
            if (result.GetProperty("status").GetString() == "succeeded")
            {
                // The whole amount, once: every settled part's share adds up to it, and the payee's invoice is paid.
                // (A payment another one made room for, by paying into the payer's channel, may have gone in one HTLC.)
                var delivered = parts.Count == 0
                    ? [(Route: Names(result.GetProperty("route")), Amount: amount, Fee: result.GetProperty("fee_msat").GetUInt64())]
                    : settled.Select(x => (Route: Names(x.GetProperty("route")), Amount: x.GetProperty("amount_msat").GetUInt64(), Fee: x.GetProperty("fee_msat").GetUInt64())).ToList();
                split += delivered.Count >= 2 ? 1 : 0;
                Assert.True(amount == delivered.Aggregate(0UL, (sum, x) => sum + x.Amount), context);
                Assert.True(paid, $"{context}: the payee does not list the invoice as paid");
                foreach (var (route, partAmount, fee) in delivered)
                {
                    Assert.True(fees.TotalFee(route, partAmount) == fee, $"{context}: a fee differs from the policies'");
                    fees.Apply(expected, route, partAmount);
                }
            }
            else
            {
                // Nothing arrived: no part settled, and the invoice is not paid.
                Assert.True(result.GetProperty("status").GetString() == "failed", context);
                Assert.True(settled.Count == 0, context);
                Assert.False(paid, $"{context}: the payee lists the invoice as paid");
            }
        }

        output.WriteLine($"{Describe}: {topology.Channels.Count} channels; {split} of {Payments} payments succeeded in parts; failures: "
            + string.Join(", ", results.Where(r => r.GetProperty("status").GetString() != "succeeded").GroupBy(r => r.GetProperty("failure").GetProperty("name").GetString()).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(split > 0, $"{Describe}: no payment succeeded in parts, nothing was tested end to end");
        after.AssertConservedSince(before, expected, $"{Describe}: ");
    }

    private static List<string> Names(JsonElement route) => [.. route.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>
    /// A payer, a payee and an amount above the payer's largest balance on one channel (so no
    /// single route carries it) and within what the payer holds and the payee can receive.
    /// </summary>
    private static (string From, string To, ulong AmountMsat) Plan(Random random, TestChannel[] channels)
    {
        var nodes = channels.SelectMany(c => new[] { c.A, c.B }).Distinct().Order(StringComparer.Ordinal).ToList();
        for (var tries = 0; tries < 10_000; tries++)
        {
            var from = nodes[random.Next(nodes.Count)];
            var to = nodes[random.Next(nodes.Count)];
            var outgoing = channels.Select(c => c.A == from ? c.ABalanceMsat : c.B == from ? c.CapacityMsat - c.ABalanceMsat : 0).Where(b => b > 0).ToList();
            var inbound = channels.Aggregate(0UL, (sum, c) => sum + (c.A == to ? c.CapacityMsat - c.ABalanceMsat : c.B == to ? c.ABalanceMsat : 0));
            if (from == to || outgoing.Count < 2)
            {
                continue;
            }

            // At most a quarter over the largest channel (and 60 % of what the payer holds or the payee
            // can take): large enough to need parts, small enough that the random graph often carries them.
            var low = outgoing.Max() + (outgoing.Max() / 20);
            var high = Math.Min(outgoing.Max() * 5 / 4, Math.Min(outgoing.Aggregate(0UL, (a, b) => a + b), inbound) * 6 / 10);
            if (high > low)
            {
                return (from, to, (ulong)random.NextInt64((long)low, (long)high));
            }
        }

        throw new InvalidOperationException("No payer and payee in this topology need a split; choose another seed.");
    }
}
