using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Sphinx.Ptlc;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// lnrelay-experimental point-locked payments (docs/ptlc.md) between real nodes over real
/// sockets: init feature 315 negotiated, every hop a different lock, proof of payment z; a node
/// with point locks off refuses cleanly and is never sent a PTLC; a relay restarted with a
/// point-locked forward in flight still settles it from its store (migration 5).
/// </summary>
public sealed class PointLockPaymentTests
{
    private const ulong Capacity = 10_000_000_000;
    private const ulong Amount = 1_000_000;

    [Fact]
    public async Task A_point_locked_payment_succeeds_with_z_as_proof_and_every_hop_logs_a_different_lock()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave");
        await net.WaitConnectedAsync();

        var result = await net.PayAsync("alice", "dave", Amount, lockKind: "point");

        Assert.True("succeeded" == result.GetProperty("status").GetString(), result.ToString());
        Assert.Equal("point", result.GetProperty("lock").GetString());
        var payee = result.GetProperty("payment_hash").GetString()!;
        Assert.True(PointLock.Opens(Convert.FromHexString(result.GetProperty("preimage").GetString()!), Convert.FromHexString(payee)));
        Assert.True(await net.ChannelsAgreeAsync());

        await net.StopAllAsync();
        var locks = new[] { "bob", "carol", "dave" }
            .Select(n => net.ReadLog(n).Single(l => l.Contains("\"HopView\"", StringComparison.Ordinal) && l.Contains("\"LockKind\":\"point\"", StringComparison.Ordinal)))
            .ToList();
        Assert.All(locks, l => Assert.DoesNotContain(payee, l, StringComparison.Ordinal));
        Assert.Equal(3, locks.Select(l => l[(l.IndexOf("\"LockIn\":\"", StringComparison.Ordinal) + 10)..][..66]).Distinct().Count());
    }

    [Fact]
    public async Task A_node_with_point_locks_off_refuses_cleanly_and_is_never_sent_a_ptlc()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave"],
            [.. new[] { ("alice", "bob"), ("bob", "carol"), ("carol", "dave") }.Select(p => new TestChannel(p.Item1, p.Item2, Capacity, Capacity / 2))],
            withoutPointLocks: new HashSet<string> { "carol" });
        await net.WaitConnectedAsync();

        using var refused = await net.Api("carol").PostAsJsonAsync("/v1/invoices", new { amount_msat = Amount, @lock = "point" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("point locks turned off", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // bob will not hand a PTLC to carol, who did not offer feature 314/315 at init.
        var result = await net.PayAsync("alice", "dave", Amount, lockKind: "point");
        Assert.Equal("failed", result.GetProperty("status").GetString());
        Assert.Equal("unknown_next_peer", result.GetProperty("failure").GetProperty("name").GetString());
        Assert.Equal("bob", result.GetProperty("failure").GetProperty("node").GetString());

        // Point locks up to bob, and hash locks through carol, go on.
        Assert.Equal("succeeded", (await net.PayAsync("alice", "bob", Amount, lockKind: "point")).GetProperty("status").GetString());
        Assert.Equal("succeeded", (await net.PayAsync("alice", "dave", Amount)).GetProperty("status").GetString());
        Assert.True(await net.ChannelsAgreeAsync());
        await net.StopAllAsync();
        Assert.Contains(net.ReadLog("bob"), l => l.Contains("no_point_locks", StringComparison.Ordinal));
        Assert.DoesNotContain(net.ReadLog("carol"), l => l.Contains("\"LockKind\":\"point\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_point_locked_payment_routes_around_a_cheaper_relay_that_does_not_announce_point_locks_with_no_failed_attempt()
    {
        // alice - bob - dave is cheap, alice - carol - dave dear; network.json says bob announces route blinding only.
        var cheap = new Node.Network.PolicyDto { FeeBaseMsat = 1_000, FeeProportionalMillionths = 100 };
        var dear = new Node.Network.PolicyDto { FeeBaseMsat = 20_000, FeeProportionalMillionths = 2_000 };
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave"],
            [
                new TestChannel("alice", "bob", Capacity, Capacity / 2) { APolicy = cheap, BPolicy = cheap },
                new TestChannel("bob", "dave", Capacity, Capacity / 2) { APolicy = cheap, BPolicy = cheap },
                new TestChannel("alice", "carol", Capacity, Capacity / 2) { APolicy = dear, BPolicy = dear },
                new TestChannel("carol", "dave", Capacity, Capacity / 2) { APolicy = dear, BPolicy = dear },
            ],
            nodeFeatures: new Dictionary<string, Node.Network.NodeFeatures> { ["bob"] = Node.Network.NodeFeatures.RouteBlinding });
        await net.WaitConnectedAsync();

        // bob offers at init only what network.json announces for him: no 315.
        Assert.False(net.Runtime("alice").Peers.SupportsPointLocks("bob"));
        Assert.True(net.Runtime("alice").Peers.SupportsPointLocks("carol"));

        var point = await net.PayAsync("alice", "dave", Amount, lockKind: "point");
        Assert.True("succeeded" == point.GetProperty("status").GetString(), point.ToString());
        Assert.Equal(["alice", "carol", "dave"], point.GetProperty("route").EnumerateArray().Select(n => n.GetString()));
        var attempt = Assert.Single(point.GetProperty("attempts").EnumerateArray());
        Assert.True(!attempt.TryGetProperty("failure", out var failure) || failure.ValueKind == JsonValueKind.Null, point.ToString());

        var hash = await net.PayAsync("alice", "dave", Amount);
        Assert.Equal(["alice", "bob", "dave"], hash.GetProperty("route").EnumerateArray().Select(n => n.GetString()));
        Assert.True(await net.ChannelsAgreeAsync());
        await net.StopAllAsync();
        Assert.DoesNotContain(net.ReadLog("bob"), l => l.Contains("\"LockKind\":\"point\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_point_locked_payment_to_a_blinded_invoice_settles_and_the_relays_inside_the_path_see_distinct_locks()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave", "erin");
        await net.WaitConnectedAsync();

        // erin's path: carol (introduction) -> dave -> erin; alice -> bob -> carol in the clear.
        var (invoice, result) = await net.PayBlindedAsync("alice", "erin", Amount, new { hops = 2, introduction_node = "carol" }, lockKind: "point");

        Assert.True("succeeded" == result.GetProperty("status").GetString(), result.ToString());
        Assert.Equal("point", result.GetProperty("lock").GetString());
        var payee = invoice.GetProperty("payment_hash").GetString()!;
        Assert.True(PointLock.Opens(Convert.FromHexString(result.GetProperty("preimage").GetString()!), Convert.FromHexString(payee)), "the payer's proof z opens Z");
        Assert.True(await net.ChannelsAgreeAsync());

        await net.StopAllAsync();
        var views = new[] { "bob", "carol", "dave", "erin" }
            .Select(n => net.ReadLog(n).Single(l => l.Contains("\"HopView\"", StringComparison.Ordinal) && l.Contains("\"LockKind\":\"point\"", StringComparison.Ordinal)))
            .ToList();
        Assert.Contains("\"Role\":\"introduction\"", views[1], StringComparison.Ordinal);
        Assert.Contains("\"Role\":\"blinded_relay\"", views[2], StringComparison.Ordinal);
        var locks = views.Select(l => l[(l.IndexOf("\"LockIn\":\"", StringComparison.Ordinal) + 10)..][..66]).ToList();
        Assert.Equal(4, locks.Distinct().Count());
        Assert.DoesNotContain(payee, locks);
    }

    [Fact]
    public async Task A_point_locked_payment_to_a_blinded_invoice_with_dummy_hops_settles_the_recipient_taking_its_own_dummy_tweaks_out()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave", "erin");
        await net.WaitConnectedAsync();

        // carol (introduction) -> dave -> erin, then two dummy layers erin peels herself: the payer
        // gave each a tweak, so erin's Σy counts two tweaks her HTLC's lock does not carry.
        var (invoice, result) = await net.PayBlindedAsync("alice", "erin", Amount, new { hops = 2, dummy_hops = 2, introduction_node = "carol" }, lockKind: "point");

        Assert.True("succeeded" == result.GetProperty("status").GetString(), result.ToString());
        var payee = invoice.GetProperty("payment_hash").GetString()!;
        Assert.True(PointLock.Opens(Convert.FromHexString(result.GetProperty("preimage").GetString()!), Convert.FromHexString(payee)), "the payer's proof z opens Z");
        Assert.True(await net.ChannelsAgreeAsync());
    }

    [Fact]
    public async Task A_point_locked_payment_failing_inside_a_blinded_path_is_invalid_onion_blinding()
    {
        // dave announces point locks (network.json) but has them off: carol, the introduction node, cannot hand him the PTLC.
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave", "erin"],
            [.. new[] { ("alice", "bob"), ("bob", "carol"), ("carol", "dave"), ("dave", "erin") }.Select(p => new TestChannel(p.Item1, p.Item2, Capacity, Capacity / 2))],
            withoutPointLocks: new HashSet<string> { "dave" });
        await net.WaitConnectedAsync();

        var (_, result) = await net.PayBlindedAsync("alice", "erin", Amount, new { hops = 2, introduction_node = "carol" }, lockKind: "point");

        Assert.Equal("failed", result.GetProperty("status").GetString());
        Assert.Equal("invalid_onion_blinding", result.GetProperty("failure").GetProperty("name").GetString());
        Assert.True(await net.ChannelsAgreeAsync());
        await net.StopAllAsync();
        Assert.Contains(net.ReadLog("carol"), l => l.Contains("no_point_locks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_point_locked_payment_to_a_blinded_invoice_larger_than_any_route_settles_in_parts_with_a_different_lock_per_part()
    {
        // alice reaches dave (the introduction node) through bob and through carol, neither carrying the whole amount.
        const ulong big = 8_000_000_000;
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave", "zoe"],
            [
                new TestChannel("alice", "bob", Capacity, Capacity / 2),
                new TestChannel("bob", "dave", 4 * Capacity, 2 * Capacity),
                new TestChannel("alice", "carol", Capacity, Capacity / 2),
                new TestChannel("carol", "dave", Capacity, Capacity / 2),
                new TestChannel("dave", "zoe", 4 * Capacity, 2 * Capacity),
            ]);
        await net.WaitConnectedAsync();

        var (invoice, result) = await net.PayBlindedAsync("alice", "zoe", big, new { introduction_node = "dave" }, lockKind: "point");

        Assert.True("succeeded" == result.GetProperty("status").GetString(), result.ToString());
        var parts = result.GetProperty("parts").EnumerateArray().ToList();
        Assert.True(parts.Count >= 2, result.ToString());
        var payee = invoice.GetProperty("payment_hash").GetString()!;
        Assert.True(PointLock.Opens(Convert.FromHexString(result.GetProperty("preimage").GetString()!), Convert.FromHexString(payee)), "the payer's proof z opens Z");
        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");

        await net.StopAllAsync();
        // dave, the introduction node, forwarded every part under its own lock; none is Z.
        var daveLocks = net.ReadLog("dave").Where(l => l.Contains("\"HopView\"", StringComparison.Ordinal) && l.Contains("\"LockKind\":\"point\"", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("\"LockIn\":\"", StringComparison.Ordinal) + 10)..][..66]).ToList();
        Assert.Equal(parts.Count, daveLocks.Distinct().Count());
        Assert.DoesNotContain(payee, daveLocks);
    }

    [Fact]
    public async Task A_relay_restarted_with_a_point_locked_forward_in_flight_settles_it_from_its_store()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave");
        await net.WaitConnectedAsync();

        // carol decides the forward at once and sends it 2 s later: she is restarted with it in flight.
        await net.SetFaultsAsync("carol", new { forward_delay_ms = 2000 });
        var invoice = await net.PostAsync("dave", "/v1/invoices", new { amount_msat = Amount, @lock = "point" });
        var payee = invoice.GetProperty("payment_hash").GetString()!;
        using var started = await net.Api("alice").PostAsJsonAsync("/v1/payments", new
        {
            payee = "dave",
            amount_msat = Amount,
            payment_hash = payee,
            payment_secret = invoice.GetProperty("payment_secret").GetString(),
            @lock = "point",
            timeout_seconds = 1,
        });
        await Eventually.TrueAsync(async () => (await net.ChannelsAsync("carol")).EnumerateArray().Sum(c => c.GetProperty("htlcs_offered").GetInt32()) == 1, "carol has the forward decided");
        await net.RestartNodeAsync("carol");
        await net.WaitConnectedAsync();

        var result = await net.WaitForPaymentAsync("alice", payee, TimeSpan.FromSeconds(60));
        Assert.True("succeeded" == result.GetProperty("status").GetString(), result.ToString());
        Assert.True(PointLock.Opens(Convert.FromHexString(result.GetProperty("preimage").GetString()!), PublicKey.Parse(Convert.FromHexString(payee))));
        await Eventually.TrueAsync(async () => await net.ChannelsAgreeAsync(), "both ends of every channel agree, with nothing in flight");
    }
}
