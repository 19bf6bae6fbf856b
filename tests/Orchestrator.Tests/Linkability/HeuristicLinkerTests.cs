using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Linkability;

namespace LnRelay.Orchestrator.Tests.Linkability;

/// <summary>The heuristic linker on synthetic observations: what it links, what it must not, and how it chooses.</summary>
public sealed class HeuristicLinkerTests
{
    private static readonly HeuristicParameters Defaults = new();

    [Fact]
    public void One_honest_hop_between_is_linked_by_fee_delta_and_the_peer_both_saw()
    {
        var obs = new Observations();
        var (bob, dave) = obs.BobCarolDave(1_000_000, 800_100, 0, "h1", "h1");

        var claims = HeuristicLinker.Link(obs.All, Defaults);

        var claim = Assert.Single(claims);
        Assert.Equal((bob, dave, 1), (claim.Upstream, claim.Downstream, claim.GapHops));
    }

    [Theory]
    [InlineData(1, 0, 0)] // one msat more kept than carol's fee allows
    [InlineData(0, 1, 0)] // one block more than carol's delta
    [InlineData(0, 0, 501)] // beyond the 500 ms window
    [InlineData(0, 0, -6)] // stamped before bob's view by more than the skew
    public void A_fee_delta_or_time_that_does_not_fit_is_not_linked(int extraMsat, int extraBlocks, int daveLaterMs)
    {
        var obs = new Observations();
        var (bob, _) = obs.BobCarolDave(1_000_000, 800_100, 0, "h1", "h1");
        var daveIn = 1_000_000 + Observations.Fee(1_000_000);
        var list = new List<LinkObservation>
        {
            bob,
            new(1, "dave", Observations.T0.AddMilliseconds(daveLaterMs), new HopView("relay", "carol", "erin", "carol-dave", "dave-erin", daveIn - (ulong)extraMsat, 1_000_000, (uint)(800_140 - extraBlocks), 800_100), ["h1"]),
        };

        Assert.Empty(HeuristicLinker.Link(list, Defaults));
    }

    [Fact]
    public void One_hop_apart_needs_the_same_honest_peer_on_both_sides()
    {
        var obs = new Observations();
        var (bob, dave) = obs.BobCarolDave(1_000_000, 800_100, 0, "h1", "h1");
        var elsewhere = dave with { View = dave.View with { PrevNode = "frank" } };

        Assert.False(HeuristicLinker.Fits(bob, elsewhere, 1, Defaults));
        Assert.True(HeuristicLinker.Fits(bob, dave, 1, Defaults));
        // Two honest hops would need two fees and two deltas.
        Assert.False(HeuristicLinker.Fits(bob, elsewhere, 2, Defaults));
    }

    [Fact]
    public void Adjacent_colluders_link_the_one_htlc_they_share_exactly()
    {
        var obs = new Observations();
        var bob = obs.Relay("bob", "alice", "carol", 1_001_100, 800_140, 0, "h1");
        var carol = obs.Relay("carol", "bob", "dave", 1_000_000, 800_100, 1, "h1");
        var wrongChannel = carol with { Index = 2, View = carol.View with { InChannel = "bob-carol-2" } };

        Assert.True(HeuristicLinker.Fits(bob, carol, 0, Defaults));
        Assert.False(HeuristicLinker.Fits(bob, wrongChannel, 0, Defaults));
        Assert.Equal(0, Assert.Single(HeuristicLinker.Link(obs.All, Defaults)).GapHops);
    }

    [Fact]
    public void Two_payments_that_both_fit_are_matched_one_to_one_nearest_in_time_first()
    {
        var obs = new Observations();
        // Same amounts and expiries: only time tells them apart; bob's second view is also
        // within the window of dave's first (2 ms after 0, 8 ms after 10 with dave's second at 12).
        var (bob1, dave1) = obs.BobCarolDave(1_000_000, 800_100, 0, "h1", "h1");
        var (bob2, dave2) = obs.BobCarolDave(1_000_000, 800_100, 10, "h2", "h2");

        var claims = HeuristicLinker.Link(obs.All, Defaults);

        Assert.Equal(2, claims.Count);
        Assert.Equal(2, claims.Select(c => c.Upstream.Index).Distinct().Count());
        Assert.Equal(2, claims.Select(c => c.Downstream.Index).Distinct().Count());
        Assert.Contains(claims, c => c.Upstream == bob1 && c.Downstream == dave1);
        Assert.Contains(claims, c => c.Upstream == bob2 && c.Downstream == dave2);
    }

    [Fact]
    public void Gaps_of_several_honest_hops_accept_sums_of_fees_and_deltas_within_the_policy_range()
    {
        var parameters = new HeuristicParameters { FeeBaseMinMsat = 0, FeeBaseMaxMsat = 2_000, FeePpmMin = 0, FeePpmMax = 1_000, CltvDeltaMin = 18, CltvDeltaMax = 144 };
        var up = new LinkObservation(0, "bob", Observations.T0, new HopView("relay", "alice", "carol", "a-b", "b-c", 1_010_000, 1_005_000, 800_300, 800_200), ["x"]);
        var down = new LinkObservation(1, "erin", Observations.T0.AddMilliseconds(10), new HopView("final", "frank", null, "f-e", null, 1_000_000, null, 800_100, null), ["y"]);

        // 5,000 msat and 100 blocks: more than one hop may keep (3,000 msat at most), within two.
        Assert.False(HeuristicLinker.Fits(up, down, 1, parameters));
        Assert.True(HeuristicLinker.Fits(up, down, 2, parameters));
        Assert.Equal(2, Assert.Single(HeuristicLinker.Link([up, down], parameters)).GapHops);
        Assert.Empty(HeuristicLinker.Link([up, down], parameters with { MaxGapHops = 1 }));
    }

    [Fact]
    public void Parameters_from_policies_take_the_range_of_the_enabled_ones()
    {
        var p = HeuristicParameters.FromPolicies(
        [
            new(500, 10, 18, 1, ulong.MaxValue, true),
            new(2_000, 300, 144, 1, ulong.MaxValue, true),
            new(0, 0, 9, 1, ulong.MaxValue, false),
        ]);

        Assert.Equal((500u, 2_000u, 10u, 300u, 18u, 144u), (p.FeeBaseMinMsat, p.FeeBaseMaxMsat, p.FeePpmMin, p.FeePpmMax, p.CltvDeltaMin, p.CltvDeltaMax));
        Assert.Equal((1_000UL + 20, 4_000UL + 600), p.FeeRange(2, 1_000_000, 1_001_000));
    }
}
