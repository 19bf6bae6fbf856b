using System.Net.Http.Json;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// A relay that goes away while HTLCs through it are outstanding (BOLT 2 "Forwarding
/// HTLCs": a node must fail an incoming HTLC back before its own expiry if the outgoing
/// one is not resolved in time). On alice-bob-carol-dave-eve, dave holds his forward to
/// eve for a while; meanwhile carol goes away with the HTLC in her hands,
/// so bob's HTLC to carol is outstanding. Either the chain reaches bob's margin first and
/// bob fails it back (carol's late settlement is then refused), or carol returns first and
/// settles it (bob's margin then passes without effect): one resolution, never both.
/// <para>
/// carol goes away in two ways: cut off the network with her memory kept (as a node that
/// restarts with its channel state would), so that she can come back with the settlement;
/// or her host stopped, as lnrelay-node stops on SIGTERM (nodes keep channel state in
/// memory only, so a restarted one would have forgotten the HTLC): then only bob's margin
/// can resolve it.
/// </para>
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayOfflineTests
{
    private const ulong Amount = 100_000;

    /// <summary>Long enough to cut carol off before dave's settlement reaches her, even on a busy machine.</summary>
    private const int DaveHoldsMs = 4_000;

    /// <summary>The switch's safety margin in blocks (SwitchOptions.ExpirySafetyMarginBlocks, docs/control-api.md); HtlcTimedOut logs it.</summary>
    private const uint Margin = 6;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_relay_gone_past_the_expiry_margin_has_its_htlc_failed_back_once_and_its_late_settlement_refused()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave", "eve");
        await net.WaitConnectedAsync(Deadline);
        var before = await NetworkLedger.ReadAsync(net, ["alice"]);
        var (hash, payment, bobExpiry) = await StrandAtCarolAsync(net, n => n.TakeOfflineAsync("carol"));

        // One block before the margin: bob still waits for carol.
        await net.SetHeightAsync("bob", bobExpiry - Margin - 1);
        Assert.Equal(1, (await EndAsync(net, "bob", "carol")).HtlcsOffered);
        Assert.False(payment.IsCompleted);

        // At expiry minus the margin, bob gives up on carol and fails the HTLC back to alice.
        await net.SetHeightAsync("bob", bobExpiry - Margin);
        var paid = PaymentOutcome.Of("alice", "eve", await payment.WaitAsync(Deadline));
        Assert.Equal("failed", paid.Status);
        Assert.Equal(new ReportedFailure(0x1007, "temporary_channel_failure", 0, "bob"), paid.Attempts[0].Failure);
        var timedOut = (await NodeLog.WaitForAsync(net, "bob", "HtlcTimedOut", hash))[0];
        Assert.Equal(("carol", bobExpiry, Margin), (NodeLog.Text(timedOut, "Peer"), (uint)NodeLog.Number(timedOut, "CltvExpiry")!, (uint)NodeLog.Number(timedOut, "Margin")!));
        Assert.Equal(0, (await EndAsync(net, "bob", "carol")).HtlcsOffered);

        // carol returns with dave's settlement; bob has already resolved the HTLC and refuses it.
        await net.BringOnlineAsync("carol");
        await NodeLog.WaitForAsync(
            net,
            "bob",
            e => NodeLog.Name(e) == "PeerProtocolViolation" && NodeLog.Text(e, "Peer") == "carol" && (NodeLog.Text(e, "Violation") ?? "").Contains("update_fulfill_htlc", StringComparison.Ordinal),
            "PeerProtocolViolation by carol about update_fulfill_htlc");
        await NodeLog.WaitForAsync(net, "carol", "HtlcSettled", hash);

        var again = PaymentOutcome.Of("alice", "eve", await net.Api("alice").GetFromJsonAsync<JsonElement>($"/v1/payments/{hash}"));
        Assert.Equal("failed", again.Status);

        // alice got her money back, and her channel with bob agrees with bob.
        var alice = await NetworkLedger.ReadAsync(net, ["alice", "bob"]);
        Assert.Equal(before.BalanceOf("alice"), alice.BalanceOf("alice"));
        Assert.Equal(alice.End("alice", "bob").LocalBalanceMsat, alice.End("bob", "alice").RemoteBalanceMsat);
        Assert.Equal(0, alice.End("alice", "bob").HtlcsOffered + alice.End("bob", "alice").HtlcsReceived);

        // One resolution at bob, never a second: the logs are complete once the nodes are stopped.
        await net.StopAllAsync();
        Assert.Single(NodeLog.Of(net, "bob", "HtlcTimedOut", hash));
        Assert.Single(NodeLog.Of(net, "bob", "HtlcFailed", hash));
        Assert.Empty(NodeLog.Of(net, "bob", "HtlcSettled", hash));
        Assert.Empty(NodeLog.Of(net, "alice", "PaymentSucceeded", hash));
    }

    [Fact]
    public async Task A_relay_that_returns_before_the_margin_settles_its_htlc_and_the_margin_then_changes_nothing()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave", "eve");
        await net.WaitConnectedAsync(Deadline);
        var before = await NetworkLedger.ReadAsync(net);
        var (hash, payment, bobExpiry) = await StrandAtCarolAsync(net, n => n.TakeOfflineAsync("carol"));

        await net.BringOnlineAsync("carol");
        var paid = PaymentOutcome.Of("alice", "eve", await payment.WaitAsync(Deadline));
        Assert.True(paid.Succeeded, paid.ToString());
        Assert.Single(paid.Attempts);

        // Past bob's margin now: nothing is outstanding, so nothing times out or fails (the
        // request returns once bob's switch has looked for what expired).
        await net.SetHeightAsync("bob", bobExpiry + 1);
        var again = PaymentOutcome.Of("alice", "eve", await net.Api("alice").GetFromJsonAsync<JsonElement>($"/v1/payments/{hash}"));
        Assert.True(again.Succeeded);
        await NetworkLedger.AssertConservedAsync(net, before, new RouteFees(net.Channels).Deltas([paid]));

        // bob logs the new height before he looks for what expired: a line logged after it can
        // only be missed in a log still being written. Once the nodes are stopped, the logs are complete.
        await net.StopAllAsync();
        Assert.Empty(NodeLog.Of(net, "bob", "HtlcTimedOut", hash));
        Assert.Empty(NodeLog.Of(net, "bob", "HtlcFailed", hash));
        Assert.Single(NodeLog.Of(net, "bob", "HtlcSettled", hash));
    }

    [Fact]
    public async Task A_relay_whose_host_is_stopped_has_its_htlc_failed_back_at_the_expiry_margin()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave", "eve");
        await net.WaitConnectedAsync(Deadline);
        var before = await NetworkLedger.ReadAsync(net, ["alice"]);
        var (hash, payment, bobExpiry) = await StrandAtCarolAsync(net, n => n.StopNodeAsync("carol"));

        await net.SetHeightAsync("bob", bobExpiry - Margin);

        var paid = PaymentOutcome.Of("alice", "eve", await payment.WaitAsync(Deadline));
        Assert.Equal("failed", paid.Status);
        Assert.Equal(new ReportedFailure(0x1007, "temporary_channel_failure", 0, "bob"), paid.Attempts[0].Failure);
        var alice = await NetworkLedger.ReadAsync(net, ["alice", "bob"]);
        Assert.Equal(before.BalanceOf("alice"), alice.BalanceOf("alice"));
        Assert.Equal(0, alice.End("alice", "bob").HtlcsOffered + alice.End("bob", "alice").HtlcsReceived + alice.End("bob", "carol").HtlcsOffered);

        // One resolution at bob, never a second: the logs are complete once the nodes are stopped.
        await net.StopAllAsync();
        Assert.Single(NodeLog.Of(net, "bob", "HtlcTimedOut", hash));
        Assert.Single(NodeLog.Of(net, "bob", "HtlcFailed", hash));
        Assert.Empty(NodeLog.Of(net, "bob", "HtlcSettled", hash));
    }

    /// <summary>
    /// Starts alice's payment to eve with dave holding his forward, takes carol away while the
    /// HTLC is beyond her, and returns the hash, the payment in flight and the expiry of bob's
    /// HTLC to carol (from bob's HopView).
    /// </summary>
    private static async Task<(string Hash, Task<JsonElement> Payment, uint BobExpiry)> StrandAtCarolAsync(TestNetwork net, Func<TestNetwork, Task> takeCarolAway)
    {
        await net.SetFaultsAsync("dave", new { forward_delay_ms = DaveHoldsMs });
        var invoice = await net.PostAsync("eve", "/v1/invoices", new { amount_msat = Amount });
        var hash = invoice.GetProperty("payment_hash").GetString()!;
        var payment = net.PostAsync("alice", "/v1/payments", new
        {
            payee = "eve",
            amount_msat = Amount,
            payment_hash = hash,
            payment_secret = invoice.GetProperty("payment_secret").GetString(),
            timeout_seconds = 120,
        });

        await Eventually.TrueAsync(async () => (await EndAsync(net, "dave", "carol")).HtlcsReceived > 0, "the HTLC reaching dave");

        await takeCarolAway(net);
        Assert.True((await EndAsync(net, "bob", "carol")).HtlcsOffered == 1, $"dave settled before carol was cut off: raise {nameof(DaveHoldsMs)} ({DaveHoldsMs} ms)");
        Assert.False(payment.IsCompleted);
        await Eventually.TrueAsync(
            async () => !(await net.Api("bob").GetFromJsonAsync<JsonElement>("/v1/peers")).EnumerateArray().Any(p => p.GetProperty("name").GetString() == "carol" && p.GetProperty("state").GetString() == "connected"),
            "bob seeing carol gone");

        var view = Assert.Single(await NodeLog.WaitForAsync(net, "bob", "HopView", hash));
        return (hash, payment, (uint)NodeLog.Number(view, "CltvOut")!.Value);
    }

    private static async Task<ChannelEnd> EndAsync(TestNetwork net, string node, string peer) =>
        (await NetworkLedger.ReadAsync(net, [node])).End(node, peer);
}
