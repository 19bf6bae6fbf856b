using LnRelay.Orchestrator.Linkability;

namespace LnRelay.Orchestrator.Tests.Linkability;

/// <summary>The identifier linker and the scoring against the payers' truth, on synthetic observations.</summary>
public sealed class LinkScoreTests
{
    [Fact]
    public void A_shared_payment_hash_links_every_pair_of_colluders_views_and_never_a_node_with_itself()
    {
        var obs = new Observations();
        obs.BobCarolDave(1_000_000, 800_100, 0, "h1", "h1");
        obs.BobCarolDave(2_000_000, 800_100, 100, "h2", "h2");
        // A second attempt of h1 through bob only: bob with itself is no link.
        obs.Relay("bob", "alice", "frank", 1_002_000, 800_180, 300, "h1");

        var claims = IdentifierLinker.Link(obs.All);
        var truth = PaymentTruth.FromPairs([("h1", "p1"), ("h2", "p2")]);
        var score = LinkScore.Of("identifier", claims, obs.All, truth.PaymentOf);

        // h1: two bob views × one dave view; h2: one pair.
        Assert.Equal(3, claims.Count);
        Assert.All(claims, c => Assert.NotEqual(c.Upstream.Node, c.Downstream.Node));
        Assert.Equal((3, 3, 0, 3, 2, 2), (score.Claimed, score.Correct, score.Wrong, score.TruePairs, score.PaymentsShared, score.PaymentsLinked));
        Assert.Equal(1.0, score.Precision);
        Assert.Equal(1.0, score.Recall);
    }

    [Fact]
    public void Point_locks_give_the_identifier_linker_nothing_while_the_heuristic_still_links()
    {
        var obs = new Observations();
        // Each hop saw a different lock; the payer's record ties both to one payment.
        obs.BobCarolDave(1_000_000, 800_100, 0, "L1", "L3");
        obs.BobCarolDave(3_000_000, 800_100, 50, "M1", "M3");
        var truth = PaymentTruth.FromPairs([("L1", "p1"), ("L3", "p1"), ("M1", "p2"), ("M3", "p2")]);

        var report = LinkabilityAudit.Score(["bob", "dave"], obs.All, truth, new HeuristicParameters());

        Assert.Equal((0, 2), (report.Identifier.Claimed, report.Identifier.TruePairs));
        Assert.Equal(0.0, report.Identifier.Recall);
        Assert.Null(report.Identifier.Precision);
        Assert.Equal((2, 2, 0), (report.Heuristic.Claimed, report.Heuristic.Correct, report.Heuristic.Wrong));
        Assert.Equal(2, report.HeuristicByGap[1]);
        Assert.Equal([2, 2], report.Views.Select(v => v.Payments));
    }

    [Fact]
    public void Views_crossed_in_time_make_wrong_links_that_lower_precision_and_recall()
    {
        var obs = new Observations();
        // p1 and p2 carry equal amounts and expiries; p1's HTLC is held 99 ms before dave sees it,
        // 1 ms before bob sees p2: nearest in time pairs bob's p2 with dave's p1, then what is left.
        var (bob1, dave1) = obs.BobCarolDave(1_000_000, 800_100, 0, "a", "a");
        var (bob2, _) = obs.BobCarolDave(1_000_000, 800_100, 100, "b", "b");
        var moved = obs.All.ToList();
        moved[dave1.Index] = dave1 with { At = Observations.T0.AddMilliseconds(99) };
        // p3 has an amount of its own: linked right.
        obs.BobCarolDave(5_000_000, 800_100, 200, "c", "c");
        moved.AddRange(obs.All.Skip(moved.Count));
        var truth = PaymentTruth.FromPairs([("a", "p1"), ("b", "p2"), ("c", "p3")]);

        var claims = HeuristicLinker.Link(moved, new HeuristicParameters());
        var score = LinkScore.Of("heuristic", claims, moved, truth.PaymentOf);

        Assert.Contains(claims, c => c.Upstream == bob2 && c.Downstream.Index == dave1.Index);
        Assert.Contains(claims, c => c.Upstream == bob1 && c.Downstream.Node == "dave" && c.Downstream.Index != dave1.Index);
        Assert.Equal((3, 1, 2, 3, 1), (score.Claimed, score.Correct, score.Wrong, score.TruePairs, score.PaymentsLinked));
        Assert.Equal(1.0 / 3, score.Precision!.Value, 6);
        Assert.Equal(1.0 / 3, score.Recall!.Value, 6);
    }
}
