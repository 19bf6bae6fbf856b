using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// A network whose chain moves on its own (network.json's block_interval_seconds): every node
/// follows the same schedule, and payments that see blocks on their way still succeed,
/// thanks to the payer's padding of the final expiry.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class MovingChainTests
{
    private const uint Start = 800_000;
    private const ulong Amount = 50_000;

    /// <summary>
    /// bob holds each HTLC this long: with a block a second, a payment often sees a block on
    /// its way. The payer's 3 blocks of padding allow for up to 3, so a payment fails only if
    /// it takes over 3 s on a busy machine.
    /// </summary>
    private const int HoldMs = 700;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_node_follows_the_schedule_and_payments_that_see_blocks_on_their_way_succeed()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol"],
            [new TestChannel("alice", "bob", 10_000_000_000, 5_000_000_000), new TestChannel("bob", "carol", 10_000_000_000, 5_000_000_000)],
            Start,
            blockIntervalSeconds: 1);
        await net.WaitConnectedAsync(Deadline);
        var before = await NetworkLedger.ReadAsync(net);

        var info = await net.Api("bob").GetFromJsonAsync<JsonElement>("/v1/info");
        Assert.Equal(1u, info.GetProperty("block_interval_seconds").GetUInt32());
        Assert.True(info.GetProperty("next_block_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-1));

        var heights = await Eventually.ValueAsync(() => HeightsAsync(net), h => h.All(x => x >= Start + 2), h => $"every node at height {Start + 2} or more; they are at {string.Join(", ", h)}", Deadline);
        Assert.True(heights.Max() - heights.Min() <= 1, $"the nodes disagree on the height: {string.Join(", ", heights)}");

        await net.SetFaultsAsync("bob", new { forward_delay_ms = HoldMs });
        var sentAt = (await HeightsAsync(net)).Max();
        var payments = new List<PaymentOutcome>();
        for (var i = 0; i < 3; i++)
        {
            var paid = PaymentOutcome.Of("alice", "carol", await net.PayAsync("alice", "carol", Amount));
            Assert.True(paid.Succeeded, paid.ToString());
            payments.Add(paid);
        }

        Assert.True((await HeightsAsync(net)).Min() > sentAt, "the chain moved while the payments travelled");
        await NodeLog.WaitForAsync(net, "carol", e => NodeLog.Name(e) == "BlockHeightChanged", "BlockHeightChanged");
        await NetworkLedger.AssertConservedAsync(net, before, new RouteFees(net.Channels).Deltas(payments));
    }

    private static async Task<uint[]> HeightsAsync(TestNetwork net) =>
        await Task.WhenAll(net.Names.Select(async n => (await net.Api(n).GetFromJsonAsync<JsonElement>("/v1/info")).GetProperty("block_height").GetUInt32()));
}
