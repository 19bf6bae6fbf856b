using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Tests.Web;

/// <summary>What the page is told about the recorded demo run: payments, hop cards, flags and failures.</summary>
public sealed class WebModelTests
{
    [Fact]
    public void Every_payment_of_the_run_is_listed_in_the_order_sent_with_its_status()
    {
        var s = RecordedRun.Snapshot();
        var results = RecordedRun.Load().Results!;

        Assert.Equal(results.Select(r => r.PaymentHash), s.Payments.Select(p => p.Hash));
        Assert.Equal(results.Select(r => r.Status), s.Payments.Select(p => p.Status));
        Assert.Equal(22, s.Counters.Sent);
        Assert.Equal(19, s.Counters.Succeeded);
        Assert.Equal(3, s.Counters.Failed);
        Assert.Equal(0, s.Counters.KnowledgeLeaks);
    }

    [Fact]
    public void The_four_hop_payment_has_its_hops_in_route_order_with_the_knowledge_tables_cells()
    {
        var s = RecordedRun.Snapshot();
        var p = RecordedRun.Payment(s, RecordedRun.FourHops);
        var table = KnowledgeReport.FromFolder(RecordedRun.Directory, p.Hash).Report!;

        var hops = p.Parts.Single().Hops;
        Assert.Equal(["eve", "dave", "carol", "bob", "alice"], hops.Select(h => h.Node));
        Assert.Equal(p.Route, hops.Select(h => h.Node));
        Assert.Equal(["origin", "dest", "length", "position"], hops[0].Flags.Select(f => f.Name));
        for (var i = 0; i < hops.Count; i++)
        {
            var row = table.Rows[i];
            Assert.Equal(row.Node, hops[i].Node);
            Assert.Equal([row.KnewOrigin.Cell, row.KnewDestination.Cell, row.KnewRouteLength.Cell, row.KnewPosition.Cell], hops[i].Flags.Select(f => f.Cell));
            Assert.Equal(row.KnewOrigin.Why, hops[i].Flags[0].Why);
            Assert.Equal(row.View.FeeMsat, hops[i].FeeMsat);
            Assert.Equal(row.View.CltvDelta, hops[i].CltvDelta);
        }

        Assert.Equal(["yes", "no†", "no", "no", "no"], hops.Select(h => h.Flags[0].Cell));
    }

    [Fact]
    public void No_relay_card_in_the_run_says_it_knew_the_origin()
    {
        var relays = RecordedRun.Snapshot().Payments.SelectMany(p => p.Parts.SelectMany(x => x.Hops)).Where(h => h.Role == "relay").ToList();

        Assert.NotEmpty(relays);
        Assert.All(relays, h => Assert.StartsWith("no", h.Flags.Single(f => f.Name == "origin").Cell, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_payment_marks_the_failing_hop_with_its_bolt4_name_code_and_lncli_label()
    {
        var p = RecordedRun.Payment(RecordedRun.Snapshot(), RecordedRun.UnknownHash);

        Assert.Equal("failed", p.Status);
        Assert.Equal(["alice", "bob", "carol", "dave"], p.Route);
        var failed = Assert.Single(p.Parts.Single().Hops, h => h.Failed);
        Assert.Equal("dave", failed.Node);
        Assert.Equal(0x400f, p.Failure!.Code);
        Assert.Equal("incorrect_or_unknown_payment_details", p.Failure.Name);
        Assert.Equal("INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS @ 3rd hop", p.Failure.Label);
        Assert.Contains("update_fail_htlc", p.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("hop 2's (dave)", p.Failure.Attribution, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_onion_failure_says_it_came_back_as_update_fail_malformed_htlc()
    {
        var f = WebFailures.Describe("invalid_onion_hmac", 0, "bob", ["alice", "bob", "carol"]);

        Assert.Equal(0x8000 | 0x4000 | 5, f.Code);
        Assert.Equal("INVALID_ONION_HMAC @ 1st hop", f.Label);
        Assert.Contains("carol could not peel the onion and answered update_fail_malformed_htlc; bob turned that into update_fail_htlc", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Balances_move_by_every_settled_route_and_keep_each_channels_capacity()
    {
        var run = RecordedRun.Load();
        var s = RecordedRun.Snapshot();

        Assert.All(s.Channels, c => Assert.Equal(c.CapacityMsat, c.Node1BalanceMsat + c.Node2BalanceMsat));
        var aliceBob = s.Channels.Single(c => c.Node1 == "alice" && c.Node2 == "bob");
        var start = run.Network.Channels.Single(c => c.ShortChannelId.ToString() == aliceBob.Scid).Node1BalanceMsat;
        Assert.NotEqual(start, aliceBob.Node1BalanceMsat);
        Assert.True(s.Channels.Single(c => c.Closed).Closed);
    }

    [Fact]
    public void The_snapshot_of_a_fixed_run_serialises_to_the_same_bytes_every_time()
    {
        Assert.Equal(WebJson.Serialize(RecordedRun.Snapshot()), WebJson.Serialize(RecordedRun.Snapshot()));
    }
}
