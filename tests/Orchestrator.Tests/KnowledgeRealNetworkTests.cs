using LnRelay.Orchestrator.Knowledge;
using LnRelay.Tests.Shared;
using NodeLog = LnRelay.Tests.Shared.NodeLog;

namespace LnRelay.Orchestrator.Tests;

/// <summary>The knowledge report from logs that real nodes wrote while a payment crossed three hops over TCP.</summary>
[Collection(NetworkCollection.Name)]
public sealed class KnowledgeRealNetworkTests
{
    [Fact]
    public async Task A_three_hop_payment_gives_one_row_per_node_with_amounts_that_chain_and_only_the_ends_knowing_the_ends()
    {
        await using var net = await TestNetwork.StartLineAsync("alice", "bob", "carol", "dave");
        await net.WaitConnectedAsync();

        var paid = await net.PayAsync("alice", "dave", 1_000_000);
        Assert.Equal("succeeded", paid.GetProperty("status").GetString());
        var hash = paid.GetProperty("payment_hash").GetString()!;
        var fee = paid.GetProperty("fee_msat").GetUInt64();
        foreach (var node in new[] { "alice", "bob", "carol", "dave" })
        {
            await NodeLog.WaitForAsync(net, node, "HopView", hash);
        }

        await NodeLog.WaitForAsync(net, "alice", "PaymentSucceeded", hash);

        // The nodes are still running and holding their logs open.
        var result = KnowledgeReport.FromFolder(net.Root);

        Assert.True(result.Succeeded, result.Error);
        var report = result.Report!;
        Assert.Equal(hash, report.PaymentHash);
        Assert.Equal("succeeded", report.Outcome);
        Assert.Equal(["alice", "bob", "carol", "dave"], report.Rows.Select(r => r.Node));
        Assert.Equal(["origin", "relay", "relay", "final"], report.Rows.Select(r => r.View.Role));
        Assert.Equal(1_000_000 + fee, report.Rows[0].View.AmountOutMsat);
        Assert.Equal(1_000_000UL, report.Rows[3].View.AmountInMsat);
        for (var i = 1; i < report.Rows.Count; i++)
        {
            Assert.Equal(report.Rows[i - 1].Node, report.Rows[i].View.PrevNode);
            Assert.Equal(report.Rows[i - 1].View.AmountOutMsat, report.Rows[i].View.AmountInMsat);
            Assert.Equal(report.Rows[i - 1].View.CltvOut, report.Rows[i].View.CltvIn);
            Assert.Equal(report.Rows[i - 1].View.OutChannel, report.Rows[i].View.InChannel);
        }

        Assert.Equal(["yes", "no†", "no", "no"], report.Rows.Select(r => r.KnewOrigin.Cell));
        Assert.Equal(["yes", "no", "no‡", "yes"], report.Rows.Select(r => r.KnewDestination.Cell));
        Assert.Equal(["yes", "no", "no", "no"], report.Rows.Select(r => r.KnewRouteLength.Cell));
        Assert.Equal(["yes", "no", "no", "no§"], report.Rows.Select(r => r.KnewPosition.Cell));
        Assert.DoesNotContain(report.Notes, n => n.Contains("HopView says", StringComparison.Ordinal));

        var table = new StringWriter();
        KnowledgeTableWriter.Write(table, report, result.Chosen);
        Assert.Contains("most recent multi-hop payment", table.ToString(), StringComparison.Ordinal);
    }
}
