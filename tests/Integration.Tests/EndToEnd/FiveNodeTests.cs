using System.Net.Http.Json;
using LnRelay.Node.Network;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// The demo's network and its payments, in process (the demo itself runs them as child
/// processes in Orchestrator.Tests' DemoTests): routes of one to four hops, and each
/// failure the demo provokes (src/Orchestrator/Scenario/DemoScenario.cs) reaching the payer
/// with its BOLT 4 code from the hop that really refused (that hop's own log says so),
/// with every balance accounted for afterwards.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FiveNodeTests(FiveNodeNetwork five) : IClassFixture<FiveNodeNetwork>
{
    private const ulong Amount = 100_000;

    private TestNetwork Net => five.Net;

    [Theory]
    [InlineData("alice", "bob", new[] { "alice", "bob" })]
    [InlineData("alice", "carol", new[] { "alice", "bob", "carol" })]
    [InlineData("alice", "dave", new[] { "alice", "bob", "carol", "dave" })]
    [InlineData("eve", "alice", new[] { "eve", "dave", "carol", "bob", "alice" })]
    public async Task A_payment_over_one_to_four_hops_succeeds_first_time_paying_each_relay_its_policy_fee(string from, string to, string[] route)
    {
        var fees = new RouteFees(Net.Channels);
        var before = await NetworkLedger.ReadAsync(Net);

        var paid = PaymentOutcome.Of(from, to, await Net.PayAsync(from, to, Amount));

        Assert.True(paid.Succeeded, paid.ToString());
        Assert.Equal(route, paid.Route);
        Assert.Single(paid.Attempts);
        Assert.Equal(fees.TotalFee(route, Amount), paid.FeeMsat);
        await NetworkLedger.AssertConservedAsync(Net, before, fees.Deltas([paid]));
    }

    public static TheoryData<string> DemoFailures =>
    [
        "closed channel", "fee raised", "delta raised", "no balance", "wrong secret", "unknown hash", "corrupt onion", "refuse to forward",
    ];

    [Theory]
    [MemberData(nameof(DemoFailures))]
    public async Task Each_failure_of_the_demo_reaches_the_payer_with_its_code_and_the_hop_that_logged_it(string step)
    {
        var c = Case(step);
        var fees = new RouteFees(Net.Channels);
        c.Policy?.Invoke(fees);
        var before = await NetworkLedger.ReadAsync(Net);
        if (c.Before is { } setUp)
        {
            await setUp(five);
        }

        PaymentOutcome paid;
        try
        {
            paid = PaymentOutcome.Of(c.From, c.To, await Net.PayAsync(c.From, c.To, c.AmountMsat, c.Tamper));
        }
        finally
        {
            if (c.After is { } tearDown)
            {
                await tearDown(five);
            }
        }

        // The first attempt met the failure; the payer then routed around it, or gave up.
        Assert.Equal(c.Expected, paid.Attempts[0].Failure);
        Assert.Equal(c.SucceedsOver is not null, paid.Succeeded);
        if (c.SucceedsOver is { } route)
        {
            Assert.Equal(route, paid.Route);
            Assert.Equal(fees.TotalFee(route, c.AmountMsat), paid.FeeMsat);
        }
        else
        {
            Assert.Equal("failed", paid.Status);
            Assert.NotNull(paid.Failure);
        }

        // The hop the payer blames logged that very failure for this payment.
        foreach (var (node, failure) in c.Logged)
        {
            var failed = await NodeLog.WaitForAsync(Net, node, "HtlcFailed", paid.Hash);
            Assert.Contains(failed, e => NodeLog.Text(e, "Failure") == failure);
        }

        await NetworkLedger.AssertConservedAsync(Net, before, fees.Deltas([paid]));
    }

    [Fact]
    public async Task After_fee_insufficient_the_payer_retries_the_same_route_with_the_signed_update_for_that_payment_only()
    {
        var fees = new RouteFees(Net.Channels);
        var oldFee = fees.TotalFee(["alice", "bob", "carol", "dave"], Amount);
        var raised = new PolicyDto { FeeBaseMsat = 7_000, FeeProportionalMillionths = 2_000 };
        fees.Override("carol", "dave", raised);
        var before = await NetworkLedger.ReadAsync(Net);
        await PatchAsync(five, new { fee_base_msat = raised.FeeBaseMsat, fee_proportional_millionths = raised.FeeProportionalMillionths });
        var payments = new List<PaymentOutcome>();
        try
        {
            // Twice: the update the first payment learnt does not change the payer's graph (no gossip).
            for (var i = 0; i < 2; i++)
            {
                var paid = PaymentOutcome.Of("alice", "dave", await Net.PayAsync("alice", "dave", Amount));

                Assert.True(paid.Succeeded, paid.ToString());
                Assert.Equal(2, paid.Attempts.Count);
                Assert.Equal(new ReportedFailure(0x100c, "fee_insufficient", 1, "carol"), paid.Attempts[0].Failure);
                Assert.Equal(oldFee, paid.Attempts[0].FeeMsat);
                Assert.Equal(paid.Attempts[0].Route, paid.Attempts[1].Route);
                Assert.Equal(fees.TotalFee(paid.Route!, Amount), paid.FeeMsat);
                Assert.True(paid.FeeMsat > oldFee);
                payments.Add(paid);
            }
        }
        finally
        {
            await RestoreCarolDaveAsync(five);
        }

        await NetworkLedger.AssertConservedAsync(Net, before, fees.Deltas(payments));
    }

    private static async Task RestoreCarolDaveAsync(FiveNodeNetwork five)
    {
        var p = new PolicyDto();
        using var response = await five.Net.Api("carol").PatchAsJsonAsync(
            $"/v1/channels/{five.Scid("carol", "dave")}/policy",
            new { fee_base_msat = p.FeeBaseMsat, fee_proportional_millionths = p.FeeProportionalMillionths, cltv_expiry_delta = p.CltvExpiryDelta });
        Assert.True(response.IsSuccessStatusCode);
    }

    private static async Task PatchAsync(FiveNodeNetwork five, object patch)
    {
        using var response = await five.Net.Api("carol").PatchAsJsonAsync($"/v1/channels/{five.Scid("carol", "dave")}/policy", patch);
        Assert.True(response.IsSuccessStatusCode);
    }

    /// <summary>One failure the demo provokes, as DemoScenario sets it up, and where it must come from.</summary>
    private sealed record FailureCase(string From, string To, ulong AmountMsat, ReportedFailure Expected, string[]? SucceedsOver, (string Node, string Failure)[] Logged)
    {
        public InvoiceTamper Tamper { get; init; }

        public Func<FiveNodeNetwork, Task>? Before { get; init; }

        public Func<FiveNodeNetwork, Task>? After { get; init; }

        public Action<RouteFees>? Policy { get; init; }
    }

    private static FailureCase Case(string step) => step switch
    {
        // The payer's graph still has bob-eve: bob has no such channel.
        "closed channel" => new("alice", "eve", Amount, new(0x400a, "unknown_next_peer", 0, "bob"), ["alice", "bob", "carol", "dave", "eve"], [("bob", "unknown_next_peer")]),

        // carol raises her fee towards dave: the payer learns it from the failure's channel_update.
        "fee raised" => new("alice", "dave", Amount, new(0x100c, "fee_insufficient", 1, "carol"), ["alice", "bob", "carol", "dave"], [("carol", "fee_insufficient")])
        {
            Before = f => PatchAsync(f, new { fee_base_msat = 5_000, fee_proportional_millionths = 1_000 }),
            After = RestoreCarolDaveAsync,
            Policy = fees => fees.Override("carol", "dave", new PolicyDto { FeeBaseMsat = 5_000, FeeProportionalMillionths = 1_000 }),
        },

        // carol raises her cltv_expiry_delta towards dave: the same, for expiries.
        "delta raised" => new("alice", "dave", Amount, new(0x100d, "incorrect_cltv_expiry", 1, "carol"), ["alice", "bob", "carol", "dave"], [("carol", "incorrect_cltv_expiry")])
        {
            Before = f => PatchAsync(f, new { cltv_expiry_delta = 80 }),
            After = RestoreCarolDaveAsync,
        },

        // carol holds 1 M sat towards dave: 2 M sat go round over bob-dave.
        "no balance" => new("alice", "dave", 2_000_000_000, new(0x1007, "temporary_channel_failure", 1, "carol"), ["alice", "bob", "dave"], [("carol", "temporary_channel_failure")]),

        "wrong secret" => new("alice", "carol", Amount, new(0x400f, "incorrect_or_unknown_payment_details", 1, "carol"), null, [("carol", "incorrect_or_unknown_payment_details")]) { Tamper = InvoiceTamper.WrongSecret },
        "unknown hash" => new("alice", "dave", Amount, new(0x400f, "incorrect_or_unknown_payment_details", 2, "dave"), null, [("dave", "incorrect_or_unknown_payment_details")]) { Tamper = InvoiceTamper.UnknownHash },

        // bob corrupts what he forwards: carol answers update_fail_malformed_htlc, and bob turns
        // it into a failure packet of his own for the payer (BOLT 4 "Returning Errors").
        "corrupt onion" => new("alice", "carol", Amount, new(0xc005, "invalid_onion_hmac", 0, "bob"), null, [("carol", "invalid_onion_hmac"), ("bob", "malformed downstream (invalid_onion_hmac)")])
        {
            Before = f => f.Net.SetFaultsAsync("bob", new { corrupt_forwarded_onions = true }),
            After = f => f.Net.SetFaultsAsync("bob", new { corrupt_forwarded_onions = false }),
        },

        // Not in the demo: a relay that refuses everything is a NODE failure; every route needs bob.
        "refuse to forward" => new("alice", "carol", Amount, new(0x2002, "temporary_node_failure", 0, "bob"), null, [("bob", "temporary_node_failure")])
        {
            Before = f => f.Net.SetFaultsAsync("bob", new { refuse_to_forward = true }),
            After = f => f.Net.SetFaultsAsync("bob", new { refuse_to_forward = false }),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a failure of the demo"),
    };
}
