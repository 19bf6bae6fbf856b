using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// HTLC updates survive dropped connections: a relay that drops every connection after a
/// few messages (the drop_peer_after_messages fault) still forwards and settles every
/// payment, because the link resumes with what the dropped connection had not delivered
/// (lnrelay's link_sync, docs/transport.md) and the Polly pipeline re-dials.
/// </summary>
public sealed class LinkResumeTests
{
    private const ulong Capacity = 10_000_000_000;
    private const ulong Amount = 1_000_000;

    [Fact]
    public async Task Payments_through_a_relay_that_keeps_dropping_its_connections_all_settle_and_both_ends_of_every_channel_agree()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave"],
            [("alice", "bob", Capacity, Capacity / 2, null, false), ("bob", "carol", Capacity, Capacity / 2, null, false), ("carol", "dave", Capacity, Capacity / 2, null, false)]);
        await net.WaitConnectedAsync(TimeSpan.FromSeconds(20));

        // Each of bob's sessions ends once it has received 3 messages: init, the peer's
        // resume and one HTLC update, so every payment crosses several dropped connections.
        using (var set = await net.Api("bob").PutAsJsonAsync("/v1/faults", new { drop_peer_after_messages = 3 }))
        {
            Assert.True(set.IsSuccessStatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            var result = await net.PayAsync("alice", "dave", Amount).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(result.GetProperty("status").GetString() == "succeeded", $"payment {i}: {result}");
        }

        Assert.Contains(net.ReadLog("bob"), line => line.Contains("\"PeerDisconnected\"", StringComparison.Ordinal));
        using (var clear = await net.Api("bob").PutAsJsonAsync("/v1/faults", new { drop_peer_after_messages = 0 }))
        {
            Assert.True(clear.IsSuccessStatusCode);
        }

        var views = new Dictionary<string, JsonElement[]>();
        foreach (var node in net.Names)
        {
            views[node] = [.. (await net.Api(node).GetFromJsonAsync<JsonElement>("/v1/channels")).EnumerateArray()];
        }

        foreach (var (node, channels) in views)
        {
            foreach (var channel in channels)
            {
                Assert.Equal(0, channel.GetProperty("htlcs_offered").GetInt32());
                Assert.Equal(0, channel.GetProperty("htlcs_received").GetInt32());
                var peer = channel.GetProperty("peer").GetString()!;
                var scid = channel.GetProperty("short_channel_id").GetString();
                var other = views[peer].Single(c => c.GetProperty("short_channel_id").GetString() == scid);
                Assert.True(
                    channel.GetProperty("local_balance_msat").GetUInt64() == other.GetProperty("remote_balance_msat").GetUInt64(),
                    $"{node} and {peer} disagree about {scid}: {channel} vs {other}");
            }
        }

        // Alice paid five times amount plus fees; dave received exactly five times amount.
        var daveIn = views["dave"].Single().GetProperty("local_balance_msat").GetUInt64();
        Assert.Equal(Capacity - (Capacity / 2) + (5 * Amount), daveIn);
    }
}
