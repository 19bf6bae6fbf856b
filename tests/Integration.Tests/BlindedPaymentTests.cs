using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// Payments through blinded paths (BOLT 4 "Route Blinding", docs/blinded-paths.md) between real
/// nodes over real sockets: the payee publishes a path instead of its id, the payer routes to
/// the introduction node, and every failure inside the path reaches the payer as
/// invalid_onion_blinding from the introduction node. The payee is called zoe so that a search
/// of the payer's log for her name cannot match another word.
/// </summary>
public sealed class BlindedPaymentTests
{
    private const ulong Capacity = 10_000_000_000;
    private const ulong Amount = 1_000_000;
    private static readonly string[] Line = ["alice", "bob", "carol", "dave", "zoe"];

    [Fact]
    public async Task Blinded_payments_of_several_shapes_succeed_conserve_balances_and_never_name_the_payee_to_the_payer()
    {
        await using var net = await TestNetwork.StartLineAsync(Line);
        await net.WaitConnectedAsync();
        var hashes = new List<string>();
        foreach (var (blinded, introduction, blindedHops) in new (object, string, int)[]
        {
            (new { hops = 1 }, "dave", 2),
            (new { hops = 2, dummy_hops = 1 }, "carol", 4),
            (new { introduction_node = "bob", dummy_hops = 2 }, "bob", 6),
        })
        {
            var (invoice, result) = await net.PayBlindedAsync("alice", "zoe", Amount, blinded);

            Assert.Equal(JsonValueKind.Null, invoice.GetProperty("payee").ValueKind);
            Assert.Equal(JsonValueKind.Null, invoice.GetProperty("node_id").ValueKind);
            Assert.DoesNotContain(net.NodeId("zoe"), invoice.ToString(), StringComparison.Ordinal);
            Assert.Equal(introduction, invoice.GetProperty("blinded_path").GetProperty("introduction_node").GetString());
            Assert.True("succeeded" == result.GetProperty("status").GetString(), result.ToString());
            Assert.Equal(introduction, result.GetProperty("blinded").GetProperty("introduction_node").GetString());
            Assert.Equal(blindedHops, result.GetProperty("blinded").GetProperty("blinded_hops").GetInt32());
            Assert.Equal(introduction, result.GetProperty("route").EnumerateArray().Last().GetString());
            Assert.True(result.GetProperty("fee_msat").GetUInt64() > 0);
            hashes.Add(result.GetProperty("payment_hash").GetString()!);
        }

        Assert.True(await net.ChannelsAgreeAsync());
        // The relays round their forwards up (BOLT 4: ceil), so zoe may get a few msat over each amount, never less.
        var zoe = (await net.ChannelsAsync("zoe")).EnumerateArray().Single().GetProperty("local_balance_msat").GetUInt64();
        Assert.InRange(zoe, (Capacity / 2) + (3 * Amount), (Capacity / 2) + (3 * Amount) + 30);

        // The audit: no line of the payer's log names the payee, by name or by id.
        await net.StopAllAsync();
        var aliceLog = net.ReadLog("alice").ToList();
        Assert.All(hashes, h => Assert.Contains(aliceLog, line => line.Contains(h, StringComparison.Ordinal)));
        Assert.DoesNotContain(aliceLog, line => line.Contains(net.NodeId("zoe"), StringComparison.OrdinalIgnoreCase) || line.Contains("zoe", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(aliceLog, line => line.Contains("\"KnowsDestination\":false", StringComparison.Ordinal) && line.Contains(hashes[1], StringComparison.Ordinal));
        Assert.Contains(net.ReadLog("carol"), line => line.Contains("\"Role\":\"introduction\"", StringComparison.Ordinal));
        Assert.Contains(net.ReadLog("dave"), line => line.Contains("\"Role\":\"blinded_relay\"", StringComparison.Ordinal));
        Assert.Contains(net.ReadLog("zoe"), line => line.Contains("\"Role\":\"blinded_final\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_failure_inside_a_blinded_path_reaches_the_payer_as_invalid_onion_blinding_from_the_introduction_node()
    {
        await using var net = await TestNetwork.StartLineAsync(Line);
        await net.WaitConnectedAsync();
        var path = new { introduction_node = "carol", hops = 2, dummy_hops = 1 };

        // A relay deep in the path refuses; a relay corrupts the onion so the payee cannot read it;
        // the payee refuses the amount. Each comes out of the path the same way.
        await net.SetFaultsAsync("dave", new { refuse_to_forward = true });
        var refused = (await net.PayBlindedAsync("alice", "zoe", Amount, path)).Result;
        await net.SetFaultsAsync("dave", new { refuse_to_forward = false, corrupt_forwarded_onions = true });
        var corrupted = (await net.PayBlindedAsync("alice", "zoe", Amount, path)).Result;
        await net.SetFaultsAsync("dave", new { corrupt_forwarded_onions = false });
        var underpaid = (await net.PayBlindedAsync("alice", "zoe", Amount, path, payAmountMsat: Amount / 2)).Result;

        foreach (var result in new[] { refused, corrupted, underpaid })
        {
            Assert.True("failed" == result.GetProperty("status").GetString(), result.ToString());
            var failure = result.GetProperty("failure");
            Assert.Equal("invalid_onion_blinding", failure.GetProperty("name").GetString());
            Assert.Equal(0xC018, failure.GetProperty("code").GetInt32());
            Assert.Equal("carol", failure.GetProperty("node").GetString());
            Assert.Equal(1, failure.GetProperty("hop").GetInt32());
            Assert.Single(result.GetProperty("attempts").EnumerateArray());
        }

        // Nodes that got the path key answered update_fail_malformed_htlc; the introduction node a failure packet.
        await Eventually.TrueAsync(async () => await net.ChannelsAgreeAsync(), "both ends of every channel agree, with nothing in flight");
        await net.StopAllAsync();
        Assert.Contains(net.ReadLog("dave"), l => l.Contains("as malformed", StringComparison.Ordinal) && l.Contains("refused_by_fault_injection", StringComparison.Ordinal));
        Assert.Contains(net.ReadLog("zoe"), l => l.Contains("as malformed", StringComparison.Ordinal) && l.Contains("invalid_onion_blinding", StringComparison.Ordinal) && l.Contains("wrong_amount", StringComparison.Ordinal));
        Assert.Contains(net.ReadLog("carol"), l => l.Contains("failed_inside_blinded_path", StringComparison.Ordinal) && !l.Contains("as malformed", StringComparison.Ordinal));
        Assert.DoesNotContain(net.ReadLog("alice"), l => l.Contains("wrong_amount", StringComparison.Ordinal) || l.Contains("refused_by_fault_injection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_with_route_blinding_off_refuses_cleanly_and_is_never_sent_a_blinded_htlc()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave"],
            [.. new[] { ("alice", "bob"), ("bob", "carol"), ("carol", "dave") }.Select(p => new TestChannel(p.Item1, p.Item2, Capacity, Capacity / 2))],
            withoutRouteBlinding: new HashSet<string> { "carol" });
        await net.WaitConnectedAsync();

        using var refusedInvoice = await net.Api("carol").PostAsJsonAsync("/v1/invoices", new { amount_msat = Amount, blinded = new { hops = 1 } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refusedInvoice.StatusCode);
        Assert.Contains("route blinding turned off", await refusedInvoice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // bob, the introduction node, will not hand a blinded HTLC to carol, who did not advertise feature 24/25.
        var (_, result) = await net.PayBlindedAsync("alice", "dave", Amount, new { introduction_node = "bob", hops = 2 });
        Assert.Equal("failed", result.GetProperty("status").GetString());
        Assert.Equal("invalid_onion_blinding", result.GetProperty("failure").GetProperty("name").GetString());
        Assert.Equal("bob", result.GetProperty("failure").GetProperty("node").GetString());

        // Ordinary payments through carol go on.
        Assert.Equal("succeeded", (await net.PayAsync("alice", "dave", Amount)).GetProperty("status").GetString());
        Assert.True(await net.ChannelsAgreeAsync());
        await net.StopAllAsync();
        Assert.Contains(net.ReadLog("bob"), l => l.Contains("next_peer_without_blinding", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_blinded_relay_restarted_mid_payment_resumes_and_still_answers_from_inside_the_path()
    {
        await using var net = await TestNetwork.StartLineAsync(Line);
        await net.WaitConnectedAsync();
        var path = new { introduction_node = "carol", hops = 2 };

        // dave decides each forward at once and sends it 5 s later: he is restarted with both in
        // flight. The two payments start together, so that both forwards are held at once even on
        // a loaded machine (one started after the other's answer could reach dave after the first
        // had left and settled), and the wait is for those two payments' HTLCs at dave.
        await net.SetFaultsAsync("dave", new { forward_delay_ms = 5000 });
        var paying = net.PayBlindedAsync("alice", "zoe", Amount, path, timeoutSeconds: 1);
        var underpaying = net.PayBlindedAsync("alice", "zoe", Amount, path, payAmountMsat: Amount / 2, timeoutSeconds: 1);
        var paid = (await paying).Invoice;
        var failing = (await underpaying).Invoice;
        string[] held = [paid.GetProperty("payment_hash").GetString()!, failing.GetProperty("payment_hash").GetString()!];
        await Eventually.TrueAsync(
            async () =>
            {
                var htlcs = (await net.Api("dave").GetFromJsonAsync<JsonElement>("/v1/htlcs")).GetProperty("htlcs").EnumerateArray();
                var offered = htlcs.Where(h => h.GetProperty("direction").GetString() == "offered").Select(h => h.GetProperty("payment_hash").GetString()).ToHashSet();
                return held.All(offered.Contains);
            },
            "dave has both forwards decided");
        await net.RestartNodeAsync("dave");
        await net.WaitConnectedAsync();

        var succeeded = await net.WaitForPaymentAsync("alice", paid.GetProperty("payment_hash").GetString()!, TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", succeeded.GetProperty("status").GetString());
        var failed = await net.WaitForPaymentAsync("alice", failing.GetProperty("payment_hash").GetString()!, TimeSpan.FromSeconds(60));
        Assert.Equal("invalid_onion_blinding", failed.GetProperty("failure").GetProperty("name").GetString());
        Assert.Equal("carol", failed.GetProperty("failure").GetProperty("node").GetString());
        await Eventually.TrueAsync(async () => await net.ChannelsAgreeAsync(), "both ends of every channel agree, with nothing in flight");
        var zoe = (await net.ChannelsAsync("zoe")).EnumerateArray().Single().GetProperty("local_balance_msat").GetUInt64();
        Assert.InRange(zoe, (Capacity / 2) + Amount, (Capacity / 2) + Amount + 10);

        // The restarted dave kept his circuit's role: zoe's refusal went back as malformed invalid_onion_blinding.
        await net.StopAllAsync();
        Assert.Contains(net.ReadLog("dave"), l => l.Contains("as malformed", StringComparison.Ordinal) && l.Contains("failed_inside_blinded_path", StringComparison.Ordinal));
    }
}
