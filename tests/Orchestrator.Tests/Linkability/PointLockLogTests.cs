using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Linkability;
using LnRelay.Tests.Shared;

namespace LnRelay.Orchestrator.Tests.Linkability;

/// <summary>
/// Log lines in the shape the PTLC mode writes (docs/privacy.md, "Identifiers"): every hop a
/// different lock (LockIn, LockOut), the origin's PaymentHash the payment's key and Locks every
/// hop's lock. The audit reads them as identifiers without knowing their kind.
/// </summary>
public sealed class PointLockLogTests
{
    private const string Z = "02" + "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

    private static string L(int i) => "03" + new string((char)('0' + i), 64);

    [Fact]
    public void Non_adjacent_colluders_share_no_point_lock_yet_the_payers_record_scores_the_heuristics_link()
    {
        // alice -> bob -> carol -> dave -> erin with locks L1 (alice-bob) .. L4 (dave-erin); carol keeps 1100 msat and 40 blocks.
        var origin = KnowledgeLogLines.Event("alice", "HopView", 1, new JsonObject
        {
            ["Role"] = "origin",
            ["NextNode"] = "bob",
            ["OutChannel"] = "a-b",
            ["AmountOutMsat"] = 1_003_300,
            ["CltvOut"] = 800_138,
            ["Destination"] = "erin",
            ["RouteLength"] = 4,
            ["Route"] = "alice -> bob -> carol -> dave -> erin",
            ["LockOut"] = L(1),
            ["Locks"] = string.Join(",", L(1), L(2), L(3), L(4)),
            ["LockKind"] = "point",
        }, hash: Z);
        var bob = KnowledgeLogLines.Event("bob", "HopView", 1, With(KnowledgeLogLines.RelayView("alice", "a-b", 1_003_300, 800_138, "carol", "b-c", 1_002_200, 800_098), L(1), L(2)), hash: L(1));
        var dave = KnowledgeLogLines.Event("dave", "HopView", 1, With(KnowledgeLogLines.RelayView("carol", "c-d", 1_001_100, 800_058, "erin", "d-e", 1_000_000, 800_018), L(3), L(4)), hash: L(3));
        var logs = new NetworkLogs([NodeLogReader.Parse(origin + "\n", "alice.jsonl"), NodeLogReader.Parse(bob + "\n", "bob.jsonl"), NodeLogReader.Parse(dave + "\n", "dave.jsonl")]);

        var report = LinkabilityAudit.Run(logs, ["bob", "dave"], new HeuristicParameters()).Report!;

        Assert.Equal(1, report.PaymentsRecorded);
        Assert.Equal([1, 1], report.Views.Select(v => v.Payments));
        Assert.Equal((0, 1, 0.0), (report.Identifier.Claimed, report.Identifier.TruePairs, report.Identifier.Recall));
        Assert.Equal((1, 1, 0), (report.Heuristic.Claimed, report.Heuristic.Correct, report.Heuristic.Wrong));

        // Adjacent hops do share a lock: the one on their channel.
        var carol = KnowledgeLogLines.Event("carol", "HopView", 1, With(KnowledgeLogLines.RelayView("bob", "b-c", 1_002_200, 800_098, "dave", "c-d", 1_001_100, 800_058), L(2), L(3)), hash: L(2));
        var withCarol = new NetworkLogs([.. logs.Files, NodeLogReader.Parse(carol + "\n", "carol.jsonl")]);
        Assert.Equal(1, LinkabilityAudit.Run(withCarol, ["carol", "dave"], new HeuristicParameters()).Report!.Identifier.Correct);
    }

    private static JsonObject With(JsonObject view, string lockIn, string lockOut)
    {
        view["LockIn"] = lockIn;
        view["LockOut"] = lockOut;
        view["LockKind"] = "point";
        return view;
    }
}
