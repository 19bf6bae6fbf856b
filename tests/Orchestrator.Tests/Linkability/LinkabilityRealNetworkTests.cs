using LnRelay.Orchestrator.Linkability;
using LnRelay.Tests.Shared;
using NodeLog = LnRelay.Tests.Shared.NodeLog;

namespace LnRelay.Orchestrator.Tests.Linkability;

/// <summary>The linkability audit over logs real nodes wrote while payments crossed five nodes over TCP.</summary>
[Collection(NetworkCollection.Name)]
public sealed class LinkabilityRealNetworkTests
{
    [Fact]
    public async Task Bob_and_dave_with_carol_between_link_every_payment_by_hash_and_by_fee_delta_and_time()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave", "erin");
        await net.WaitConnectedAsync();

        var hashes = new List<string>();
        foreach (var amount in new ulong[] { 1_000_000, 1_200_000, 900_000 })
        {
            var paid = await net.PayAsync("alice", "erin", amount);
            Assert.Equal("succeeded", paid.GetProperty("status").GetString());
            hashes.Add(paid.GetProperty("payment_hash").GetString()!);
        }

        foreach (var hash in hashes)
        {
            await NodeLog.WaitForAsync(net, "dave", "HopView", hash);
            await NodeLog.WaitForAsync(net, "alice", "HopView", hash);
        }

        var result = LinkabilityAudit.FromFolder(net.Root, ["bob", "dave"]);

        Assert.True(result.Report is not null, result.Error);
        var report = result.Report!;
        Assert.Equal(3, report.PaymentsRecorded);
        Assert.Equal([3, 3], report.Views.Select(v => v.Payments));
        Assert.Equal((3, 3, 0, 3, 3), (report.Identifier.Claimed, report.Identifier.Correct, report.Identifier.Wrong, report.Identifier.TruePairs, report.Identifier.PaymentsLinked));
        // Carol is the one honest hop between them: its default fee and delta, within milliseconds.
        Assert.Equal((3, 3, 0), (report.Heuristic.Claimed, report.Heuristic.Correct, report.Heuristic.Wrong));
        Assert.Equal(3, report.HeuristicByGap[1]);

        var table = new StringWriter();
        LinkabilityWriter.Write(table, report);
        Assert.Contains("heuristic", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("100.0%", table.ToString(), StringComparison.Ordinal);

        // lnrelay knowledge --collude bob,dave: the last payment's table and what they learn together.
        var output = new StringWriter();
        Assert.Equal(0, Cli.KnowledgeCommand.Run(net.Root, hashes[^1], asJson: false, output, TextWriter.Null, ["bob", "dave"]));
        var text = output.ToString();
        Assert.Contains("What bob, dave learn together", text, StringComparison.Ordinal);
        Assert.Contains("bob and dave (1 honest hop(s) between): linked by identifier yes, by the heuristic yes (assuming 1 honest hop(s) between)", text, StringComparison.Ordinal);
        Assert.Contains("origin: alice, as a peer", text, StringComparison.Ordinal);
        Assert.Contains("destination: erin, as a peer", text, StringComparison.Ordinal);
        Assert.Contains("the hops between kept 1090 msat and 40 blocks", text, StringComparison.Ordinal);

        var missing = LinkabilityAudit.FromFolder(net.Root, ["bob", "zed"]);
        Assert.Null(missing.Report);
        Assert.Contains("no log events for zed", missing.Error, StringComparison.Ordinal);
        Assert.Contains("alice, bob, carol, dave, erin", missing.Error, StringComparison.Ordinal);
    }
}
