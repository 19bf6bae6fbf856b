using LnRelay.Node.Api;
using LnRelay.Node.Invoices;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Audit;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Tests.Audit;

/// <summary>
/// The accounting as a pure function of what the nodes report: on alice-bob-carol, one
/// 1,000,000 msat payment from alice to carol over bob (fee 1,100 msat) settled; each test
/// plants one fault in those reports and expects the check that must catch it to name it.
/// </summary>
public sealed class AuditChecksTests : IDisposable
{
    private const string Line = "network: line\nnodes: [alice, bob, carol]\nchannels:\n" +
        "  - between: [alice, bob]\n    capacity_msat: 10_000_000\n" +
        "  - between: [bob, carol]\n    capacity_msat: 10_000_000\n";

    private const ulong Amount = 1_000_000;
    private const ulong Fee = 1_100;
    private const string Hash = "aa00000000000000000000000000000000000000000000000000000000000000";

    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-audit-").FullName;
    private readonly NetworkDescription _network;

    public AuditChecksTests()
    {
        Assert.True(NetworkInitializer.Initialize(TopologyParser.Parse(Line, "line.yaml").Topology!, _folder, force: false, HostStyle.Local, basePort: null).Succeeded);
        _network = NetworkFolder.Load(_folder, out _)!.Network;
    }

    [Fact]
    public void A_settled_payment_whose_reports_agree_passes_every_check()
    {
        var checks = AuditChecks.Run(_network, Settled());

        Assert.All(checks, c => Assert.True(c.Passed, $"{c.Name}: {string.Join("; ", c.Problems)}"));
        Assert.Contains("fees 1100 msat", checks.Single(c => c.Name == "money").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blinded_payment_whose_payer_never_learned_the_payee_is_received_by_the_node_that_holds_its_invoice_as_paid()
    {
        // The payer of a blinded path records its payee as "(blinded)": the amount must still count as carol's,
        // not as a fee bob or carol earned (a walk-through's audit failed money by exactly one payment's amount).
        var s = Settled();
        var alice = s.Nodes[0];
        var blinded = alice with { Payments = [alice.Payments[0] with { Payee = "(blinded)", Route = ["alice", "bob"] }] };
        var checks = AuditChecks.Run(_network, s with { Nodes = [blinded, s.Nodes[1], s.Nodes[2]] });

        var money = checks.Single(c => c.Name == "money");
        Assert.True(money.Passed, string.Join("; ", money.Problems));
        Assert.Contains("fees 1100 msat", money.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_still_counting_an_htlc_is_not_quiet_though_the_htlc_list_is_empty()
    {
        // A node's channels and HTLCs are read one after the other: an HTLC settled in between showed in the
        // channel's counts only, the audit took that as quiet, and failed channels and money (a CI run).
        var s = Settled();
        Assert.True(s.Quiet);
        var alice = s.Nodes[0];
        var torn = alice with { Channels = [alice.Channels[0] with { HtlcsOffered = 1, OfferedMsat = Amount + Fee }] };
        Assert.False((s with { Nodes = [torn, s.Nodes[1], s.Nodes[2]] }).Quiet);
    }

    [Fact]
    public void Two_ends_that_disagree_on_a_balance_fail_channels_and_money_naming_the_channel()
    {
        var s = Settled();
        var carol = s.Nodes[2];
        var moved = carol.Channels[0] with { LocalBalanceMsat = carol.Channels[0].LocalBalanceMsat + 500, RemoteBalanceMsat = carol.Channels[0].RemoteBalanceMsat - 500 };
        var checks = AuditChecks.Run(_network, s with { Nodes = [s.Nodes[0], s.Nodes[1], carol with { Channels = [moved] }] });

        var channels = checks.Single(c => c.Name == "channels");
        Assert.False(channels.Passed);
        Assert.Contains(moved.ShortChannelId, Assert.Single(channels.Problems), StringComparison.Ordinal);
        Assert.False(checks.Single(c => c.Name == "money").Passed);
    }

    [Fact]
    public void Balances_that_do_not_add_up_to_the_capacity_fail_channels()
    {
        var s = Settled();
        var alice = s.Nodes[0];
        var bad = alice.Channels[0] with { LocalBalanceMsat = alice.Channels[0].LocalBalanceMsat - 1 };
        var checks = AuditChecks.Run(_network, s with { Nodes = [alice with { Channels = [bad] }, s.Nodes[1], s.Nodes[2]] });

        Assert.Contains(checks.Single(c => c.Name == "channels").Problems, p => p.Contains("is not the capacity", StringComparison.Ordinal));
    }

    [Fact]
    public void An_htlc_in_flight_at_its_expiry_minus_the_margin_fails_expiries()
    {
        var s = Settled();
        var bob = s.Nodes[1];
        var late = new HtlcView("800000x1x0", "alice", "received", 7, 5000, Hash, bob.Htlcs.BlockHeight + bob.Htlcs.ExpirySafetyMarginBlocks);
        var checks = AuditChecks.Run(_network, s with { Nodes = [s.Nodes[0], bob with { Htlcs = bob.Htlcs with { Htlcs = [late] } }, s.Nodes[2]] });

        Assert.Contains("HTLC 7 received on 800000x1x0", Assert.Single(checks.Single(c => c.Name == "expiries").Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_paid_invoice_without_a_success_and_a_success_without_its_invoice_both_fail_invoices()
    {
        var s = Settled();
        var carol = s.Nodes[2];
        var stray = new PaidInvoice("bb" + Hash[2..], 10, DateTimeOffset.UnixEpoch);
        var checks = AuditChecks.Run(_network, s with { Nodes = [s.Nodes[0], s.Nodes[1], carol with { Invoices = new InvoicesView([], [stray]) }] });

        var problems = checks.Single(c => c.Name == "invoices").Problems;
        Assert.Contains(problems, p => p.Contains("carol's invoice bb", StringComparison.Ordinal) && p.Contains("no payer succeeded", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("carol has no paid invoice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_payment_still_in_flight_or_ended_otherwise_than_the_run_saw_fails_payments()
    {
        var s = Settled();
        var alice = s.Nodes[0];
        var stuck = alice.Payments[0] with { PaymentHash = "cc" + Hash[2..], Status = PaymentStatus.InFlight };
        var withStuck = s with { Nodes = [alice with { Payments = [.. alice.Payments, stuck] }, s.Nodes[1], s.Nodes[2]] };

        Assert.Contains(AuditChecks.Run(_network, withStuck).Single(c => c.Name == "payments").Problems, p => p.Contains("has not ended", StringComparison.Ordinal));
        var seen = new Dictionary<string, PaymentStatus> { [Hash] = PaymentStatus.Failed, ["dd" + Hash[2..]] = PaymentStatus.Succeeded };
        var problems = AuditChecks.Run(_network, s, seen).Single(c => c.Name == "payments").Problems;
        Assert.Contains(problems, p => p.Contains("ended failed for the run but succeeded at the payer", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown to its payer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_payment_whose_call_was_cut_and_that_its_payer_never_recorded_is_counted_as_never_started_only_if_nothing_moved()
    {
        var s = Settled();
        var cut = "ee" + Hash[2..];
        var seen = new Dictionary<string, PaymentStatus> { [Hash] = PaymentStatus.Succeeded, [cut] = PaymentStatus.InFlight };

        var payments = AuditChecks.Run(_network, s, seen).Single(c => c.Name == "payments");
        Assert.True(payments.Passed, string.Join("; ", payments.Problems));
        Assert.Contains("1 sent by the run never started", payments.Summary, StringComparison.Ordinal);

        // The same payment with its invoice paid at carol: something moved, so it is a loss.
        var carol = s.Nodes[2];
        var paidCut = carol.Invoices with { Paid = [.. carol.Invoices.Paid, carol.Invoices.Paid[0] with { PaymentHash = cut }] };
        var moved = s with { Nodes = [s.Nodes[0], s.Nodes[1], carol with { Invoices = paidCut }] };
        Assert.Contains(AuditChecks.Run(_network, moved, seen).Single(c => c.Name == "payments").Problems, p => p.Contains("unknown to its payer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_that_did_not_answer_fails_nodes_and_leaves_money_uncounted()
    {
        var s = Settled();
        var checks = AuditChecks.Run(_network, s with { Nodes = [s.Nodes[0], s.Nodes[1]], Unreachable = ["carol (connection refused)"] });

        Assert.False(checks.Single(c => c.Name == "nodes").Passed);
        Assert.False(checks.Single(c => c.Name == "money").Passed);
        Assert.True(checks.Single(c => c.Name == "channels").Passed);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>What the three nodes report after alice paid carol <see cref="Amount"/> over bob, who kept <see cref="Fee"/>.</summary>
    private NetworkSnapshot Settled()
    {
        var ab = _network.Channels.Single(c => c.Involves("alice"));
        var bc = _network.Channels.Single(c => c.Involves("carol"));
        var aliceAb = ab.BalanceOf("alice") - Amount - Fee;
        var bobBc = bc.BalanceOf("bob") - Amount;
        var success = new PaymentResult { PaymentHash = Hash, Payee = "carol", AmountMsat = Amount, Status = PaymentStatus.Succeeded, Route = ["alice", "bob", "carol"], FeeMsat = Fee };
        return new NetworkSnapshot(
            [
                Node("alice", [Channel(ab, "bob", aliceAb)], [success]),
                Node("bob", [Channel(ab, "alice", ab.CapacityMsat - aliceAb), Channel(bc, "carol", bobBc)], []),
                Node("carol", [Channel(bc, "bob", bc.CapacityMsat - bobBc)], [], new PaidInvoice(Hash, Amount, DateTimeOffset.UnixEpoch)),
            ],
            []);
    }

    private static NodeSnapshot Node(string name, IReadOnlyList<ChannelView> channels, IReadOnlyList<PaymentResult> payments, params PaidInvoice[] paid) =>
        new(name, channels, new HtlcsView(name, 800_000, 6, []), new InvoicesView([], paid), payments);

    private static ChannelView Channel(NetworkChannel c, string peer, ulong local)
    {
        var policy = new PolicyView(1000, 100, 40, 1, ulong.MaxValue, true);
        return new ChannelView(c.ShortChannelId.ToString(), "", peer, c.CapacityMsat, local, c.CapacityMsat - local, 0, 0, 0, 0, policy, policy);
    }
}
