using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>Payments between real nodes over real TCP, the STS transport and real onions.</summary>
public sealed class PaymentTests
{
    private const ulong Capacity = 10_000_000_000;

    [Fact]
    public async Task A_payment_over_three_hops_succeeds_and_moves_balances()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave"],
            [new TestChannel("alice", "bob", Capacity, Capacity / 2), new TestChannel("bob", "carol", Capacity, Capacity / 2), new TestChannel("carol", "dave", Capacity, Capacity / 2)]);
        await net.WaitConnectedAsync(TimeSpan.FromSeconds(20));

        var result = await net.PayAsync("alice", "dave", 1_000_000);

        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.Equal(["alice", "bob", "carol", "dave"], result.GetProperty("route").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var fee = result.GetProperty("fee_msat").GetUInt64();
        Assert.True(fee > 0);

        var aliceChannels = await net.Api("alice").GetFromJsonAsync<JsonElement>("/v1/channels");
        var aliceBob = aliceChannels.EnumerateArray().Single();
        Assert.Equal(Capacity / 2 - 1_000_000 - fee, aliceBob.GetProperty("local_balance_msat").GetUInt64());
        Assert.Equal(0, aliceBob.GetProperty("htlcs_offered").GetInt32());
    }

    [Fact]
    public async Task A_payment_with_a_wrong_secret_fails_at_the_payee()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol"],
            [new TestChannel("alice", "bob", Capacity, Capacity / 2), new TestChannel("bob", "carol", Capacity, Capacity / 2)]);
        await net.WaitConnectedAsync(TimeSpan.FromSeconds(20));
        var invoice = await net.PostAsync("carol", "/v1/invoices", new { amount_msat = 5_000 });

        var result = await net.PostAsync("alice", "/v1/payments", new
        {
            payee = "carol",
            amount_msat = 5_000,
            payment_hash = invoice.GetProperty("payment_hash").GetString(),
            payment_secret = new string('0', 64),
        });

        Assert.Equal("failed", result.GetProperty("status").GetString());
        var failure = result.GetProperty("failure");
        Assert.Equal("incorrect_or_unknown_payment_details", failure.GetProperty("name").GetString());
        Assert.Equal(1, failure.GetProperty("hop").GetInt32());
        Assert.Equal("carol", failure.GetProperty("node").GetString());
    }

    [Fact]
    public async Task A_channel_closed_under_the_payer_is_answered_with_unknown_next_peer_by_the_relay()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol"],
            [new TestChannel("alice", "bob", Capacity, Capacity / 2), new TestChannel("bob", "carol", Capacity, Capacity / 2) { Closed = true }]);
        await net.WaitConnectedAsync(TimeSpan.FromSeconds(20));

        var result = await net.PayAsync("alice", "carol", 5_000);

        Assert.Equal("failed", result.GetProperty("status").GetString());
        var failure = result.GetProperty("failure");
        Assert.Equal("unknown_next_peer", failure.GetProperty("name").GetString());
        Assert.Equal(0, failure.GetProperty("hop").GetInt32());
        Assert.Equal("bob", failure.GetProperty("node").GetString());
    }
}
