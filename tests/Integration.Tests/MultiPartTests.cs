using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// Multi-part payments over real nodes and sockets (docs/mpp.md): alice pays dave over two
/// disjoint routes, through bob and through carol, neither of which carries the whole amount.
/// </summary>
public sealed class MultiPartTests
{
    private const ulong Capacity = 10_000_000_000;
    private const ulong Side = 5_000_000_000;

    /// <summary>More than alice holds on either channel: it must go in parts.</summary>
    private const ulong Amount = 8_000_000_000;

    [Fact]
    public async Task Parts_race_over_disjoint_routes_and_the_payee_settles_them_together()
    {
        await using var net = await StartAsync();
        var before = LocalTotal(await net.ChannelsAsync("dave"));

        var result = await net.PayAsync("alice", "dave", Amount);

        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        var parts = result.GetProperty("parts").EnumerateArray().ToList();
        Assert.True(parts.Count >= 2);
        Assert.All(parts, p => Assert.Equal("settled", p.GetProperty("outcome").GetString()));
        Assert.Equal(["bob", "carol"], parts.Select(p => p.GetProperty("route")[1].GetString()!).Distinct().Order());
        Assert.Equal(Amount, parts.Aggregate(0UL, (s, p) => s + p.GetProperty("amount_msat").GetUInt64()));
        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");
        Assert.Equal(before + Amount, LocalTotal(await net.ChannelsAsync("dave")));
        Assert.Contains(net.ReadLog("dave"), line => line.Contains("\"MppSetCompleted\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payee_restarted_while_parts_are_held_keeps_the_set_and_its_deadline_and_completes_it()
    {
        await using var net = await StartAsync();
        // carol holds back what she forwards: the part through bob waits at dave meanwhile (long
        // enough for a restart on a loaded machine; the test waits on conditions, not on this).
        await net.SetFaultsAsync("carol", new { forward_delay_ms = 40_000 });
        var pending = await net.PayAsync("alice", "dave", Amount, timeoutSeconds: 1);
        var hash = pending.GetProperty("payment_hash").GetString()!;
        var held = await HeldSetAsync(net, hash);
        Assert.Single(held.GetProperty("parts").EnumerateArray());

        await net.RestartNodeAsync("dave");

        // The same set, with the same deadline (its timer was not restarted), read from dave's store at
        // start-up: before carol, whose link is busy holding her part back, has even reconnected.
        var kept = await HeldSetAsync(net, hash);
        Assert.Equal(held.GetProperty("deadline").GetDateTimeOffset(), kept.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(held.GetProperty("sum_msat").GetUInt64(), kept.GetProperty("sum_msat").GetUInt64());

        var result = await net.WaitForPaymentAsync("alice", hash, TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");
        Assert.Equal((2 * (Capacity - Side)) + Amount, LocalTotal(await net.ChannelsAsync("dave")));
    }

    [Fact]
    public async Task A_payer_restarted_while_its_parts_are_in_flight_records_the_payment_once_they_have_all_ended()
    {
        await using var net = await StartAsync();
        await net.SetFaultsAsync("carol", new { forward_delay_ms = 3_000 });
        var pending = await net.PayAsync("alice", "dave", Amount, timeoutSeconds: 1);
        var hash = pending.GetProperty("payment_hash").GetString()!;
        await HeldSetAsync(net, hash);

        await net.RestartNodeAsync("alice");
        await net.WaitConnectedAsync();
        var result = await net.WaitForPaymentAsync("alice", hash, TimeSpan.FromSeconds(60));

        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");
        Assert.Equal((2 * (Capacity - Side)) + Amount, LocalTotal(await net.ChannelsAsync("dave")));
        // What alice paid in fees is what she sent beyond the amount.
        var alice = LocalTotal(await net.ChannelsAsync("alice"));
        Assert.Equal((2 * Side) - Amount - result.GetProperty("fee_msat").GetUInt64(), alice);
    }

    [Fact]
    public async Task A_set_that_cannot_complete_times_out_on_the_restarted_payee_every_part_fails_with_mpp_timeout_and_nothing_is_paid()
    {
        await using var net = await StartAsync();
        using (var response = await net.Api("dave").PutAsJsonAsync("/v1/mpp", new { timeout_seconds = 4 }))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        // carol refuses every forward: only what fits through bob reaches dave, short of the total.
        await net.SetFaultsAsync("carol", new { refuse_to_forward = true });
        var pending = await net.PayAsync("alice", "dave", Amount, timeoutSeconds: 1);
        var hash = pending.GetProperty("payment_hash").GetString()!;
        await HeldSetAsync(net, hash);

        await net.RestartNodeAsync("dave");
        await net.WaitConnectedAsync();
        var result = await net.WaitForPaymentAsync("alice", hash, TimeSpan.FromSeconds(60));

        Assert.Equal("failed", result.GetProperty("status").GetString());
        Assert.Equal("mpp_timeout", result.GetProperty("failure").GetProperty("name").GetString());
        var atDave = result.GetProperty("parts").EnumerateArray().Where(p => p.GetProperty("failure").GetProperty("node").GetString() == "dave").ToList();
        Assert.NotEmpty(atDave);
        Assert.All(atDave, p => Assert.Equal("mpp_timeout", p.GetProperty("failure").GetProperty("name").GetString()));
        Assert.DoesNotContain(result.GetProperty("parts").EnumerateArray(), p => p.GetProperty("outcome").GetString() == "settled");
        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");
        Assert.Equal(2 * (Capacity - Side), LocalTotal(await net.ChannelsAsync("dave")));
        // The restarted dave's timer failed the set it had kept.
        Assert.Contains(net.ReadLog("dave"), line => line.Contains("\"MppSetFailed\"", StringComparison.Ordinal) && line.Contains(hash, StringComparison.Ordinal));
    }

    /// <summary>alice-bob-dave and alice-carol-dave, 10 M sat channels with 5 M sat a side.</summary>
    private static Task<TestNetwork> StartAsync() => StartAndConnectAsync(TestNetwork.StartAsync(
        ["alice", "bob", "carol", "dave"],
        [
            new TestChannel("alice", "bob", Capacity, Side),
            new TestChannel("bob", "dave", Capacity, Side),
            new TestChannel("alice", "carol", Capacity, Side),
            new TestChannel("carol", "dave", Capacity, Side),
        ]));

    private static async Task<TestNetwork> StartAndConnectAsync(Task<TestNetwork> starting)
    {
        var net = await starting;
        await net.WaitConnectedAsync();
        return net;
    }

    /// <summary>Waits for dave to hold a set for the hash (GET /v1/mpp) and returns it.</summary>
    private static async Task<JsonElement> HeldSetAsync(TestNetwork net, string hash)
    {
        var set = await Eventually.ValueAsync<JsonElement?>(
            async () => (await net.Api("dave").GetFromJsonAsync<JsonElement>("/v1/mpp")).GetProperty("sets").EnumerateArray()
                .Cast<JsonElement?>().FirstOrDefault(s => s!.Value.GetProperty("payment_hash").GetString() == hash),
            s => s is not null,
            _ => $"dave holds a set for {hash}");
        return set!.Value;
    }

    private static ulong LocalTotal(JsonElement channels) => channels.EnumerateArray().Aggregate(0UL, (s, c) => s + c.GetProperty("local_balance_msat").GetUInt64());
}
