using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// A node stopped and started again on its data folder resumes from its store
/// (docs/store.md): same balances, the HTLC that was in flight ends exactly once, the payer
/// learns the outcome, and both ends of every channel agree. Real nodes, real sockets.
/// </summary>
public sealed class StoreRestartTests
{
    private const ulong Capacity = 10_000_000_000;
    private const ulong Amount = 1_000_000;

    [Theory]
    [InlineData("alice")]
    [InlineData("bob")]
    [InlineData("carol")]
    public async Task A_node_restarted_while_an_htlc_is_in_flight_resumes_and_the_payment_ends_exactly_once(string restarted)
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol");
        await net.WaitConnectedAsync();
        var first = await net.PayAsync("alice", "carol", Amount);
        Assert.Equal("succeeded", first.GetProperty("status").GetString());

        // bob decides the forward at once and writes it 2 s later: the HTLC is in flight at every node meanwhile.
        await net.SetFaultsAsync("bob", new { forward_delay_ms = 2000 });
        var pending = await net.PayAsync("alice", "carol", Amount, timeoutSeconds: 1);
        var hash = pending.GetProperty("payment_hash").GetString()!;
        await Eventually.TrueAsync(async () => ReceivedHtlcs(await net.ChannelsAsync("bob")) == 1, "bob holds the HTLC from alice");
        var replayBefore = net.Runtime("bob").Switch.ReplayLogCount;

        await net.RestartNodeAsync(restarted);
        await net.WaitConnectedAsync();

        var result = await net.WaitForPaymentAsync("alice", hash, TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        await Eventually.TrueAsync(async () => await net.ChannelsAgreeAsync(), "both ends of every channel agree, with nothing in flight");
        Assert.True(net.Runtime("bob").Switch.ReplayLogCount >= replayBefore, "the replay log survives the restart");
        Assert.Contains(net.ReadLog(restarted), line => line.Contains("\"StoreResumed\"", StringComparison.Ordinal));

        // Both payments moved money once: carol holds 2 x Amount more than she started with.
        var carol = (await net.ChannelsAsync("carol")).EnumerateArray().Single();
        Assert.Equal((Capacity / 2) + (2 * Amount), carol.GetProperty("local_balance_msat").GetUInt64());

        // And the network goes on.
        var after = await net.PayAsync("alice", "carol", Amount);
        Assert.Equal("succeeded", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_restarted_node_keeps_its_invoices_and_payments()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob");
        await net.WaitConnectedAsync();
        var paid = await net.PayAsync("alice", "bob", Amount);
        var open = await net.PostAsync("bob", "/v1/invoices", new { amount_msat = Amount });

        await net.RestartNodeAsync("alice");
        await net.RestartNodeAsync("bob");
        await net.WaitConnectedAsync();

        var kept = await net.WaitForPaymentAsync("alice", paid.GetProperty("payment_hash").GetString()!);
        Assert.Equal(paid.GetProperty("preimage").GetString(), kept.GetProperty("preimage").GetString());
        var late = await net.PostAsync("alice", "/v1/payments", new
        {
            payee = "bob",
            amount_msat = Amount,
            payment_hash = open.GetProperty("payment_hash").GetString(),
            payment_secret = open.GetProperty("payment_secret").GetString(),
            min_final_cltv_expiry_delta = open.GetProperty("min_final_cltv_expiry_delta").GetInt32(),
        });
        Assert.Equal("succeeded", late.GetProperty("status").GetString());
        Assert.True(await net.ChannelsAgreeAsync());
    }

    private static int ReceivedHtlcs(JsonElement channels) => channels.EnumerateArray().Sum(c => c.GetProperty("htlcs_received").GetInt32());
}
