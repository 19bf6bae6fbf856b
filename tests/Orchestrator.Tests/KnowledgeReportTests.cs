using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Knowledge;
using static LnRelay.Tests.Shared.KnowledgeLogLines;

namespace LnRelay.Orchestrator.Tests;

/// <summary>The knowledge report from hand-written log lines: expected rows, torn and malformed lines, missing fields, unknown events, errors.</summary>
public sealed class KnowledgeReportTests
{
    [Fact]
    public void Three_hops_give_rows_in_route_order_with_knowledge_derived_from_each_log()
    {
        var report = Build(ThreeHops(), Hash);

        Assert.Equal(["alice", "bob", "carol", "dave"], report.Rows.Select(r => r.Node));
        Assert.Equal(["origin", "relay", "relay", "final"], report.Rows.Select(r => r.View.Role));
        Assert.Equal(["yes", "no†", "no", "no"], report.Rows.Select(r => r.KnewOrigin.Cell));
        Assert.Equal(["yes", "no", "no‡", "yes"], report.Rows.Select(r => r.KnewDestination.Cell));
        Assert.Equal(["yes", "no", "no", "no"], report.Rows.Select(r => r.KnewRouteLength.Cell));
        Assert.Equal(["yes", "no", "no", "no§"], report.Rows.Select(r => r.KnewPosition.Cell));
        var bob = report.Rows[1];
        Assert.Equal(("alice", "carol", 1_002_000UL, 1_001_000UL, 800_120U, 800_080U), (bob.View.PrevNode!, bob.View.NextNode!, bob.View.AmountInMsat!.Value, bob.View.AmountOutMsat!.Value, bob.View.CltvIn!.Value, bob.View.CltvOut!.Value));
        Assert.Equal(1_000UL, bob.View.FeeMsat);
        Assert.Null(report.Rows[0].View.PrevNode);
        Assert.Null(report.Rows[3].View.NextNode);
        Assert.Equal("succeeded", report.Outcome);
        Assert.Equal(3, report.Footnotes.Count);
        Assert.Empty(report.Notes);
        Assert.Contains("same payment_hash", report.Limit, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relay_whose_own_event_names_the_destination_is_reported_as_knowing_it_and_the_hop_view_claim_is_flagged()
    {
        var logs = ThreeHops();
        logs["bob"].Add(Event("bob", "SomethingNew", 3, new JsonObject { ["Note"] = new JsonObject { ["Target"] = "paying dave" } }));

        var report = Build(logs, Hash);

        Assert.Equal("yes", report.Rows[1].KnewDestination.Cell);
        Assert.Contains("SomethingNew.Note", report.Rows[1].KnewDestination.Why, StringComparison.Ordinal);
        Assert.Contains(report.Notes, n => n.Contains("bob's HopView says KnowsDestination = false", StringComparison.Ordinal));
    }

    [Fact]
    public void A_relay_whose_event_carries_the_origin_node_id_knew_the_origin()
    {
        var logs = ThreeHops();
        logs["carol"].Add(Event("carol", "HtlcFailed", 3, new JsonObject { ["Failure"] = "from " + AliceId }));

        var report = Build(logs, Hash);

        Assert.Equal("yes", report.Rows[2].KnewOrigin.Cell);
    }

    [Fact]
    public void A_torn_last_line_and_garbage_lines_are_skipped_and_counted()
    {
        var folder = WriteNetworkFolder(ThreeHops(), (node, text) => node switch
        {
            "carol" => text + "{\"Timestamp\":\"2025-01-01T12:00:09\",\"Level\":\"Inform",
            "bob" => "not json at all\n[1,2]\n" + text,
            _ => text,
        });
        try
        {
            var result = KnowledgeReport.FromFolder(folder, Hash);

            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(4, result.Report!.Rows.Count);
            var note = Assert.Single(result.Report.Notes);
            Assert.Contains("3 log line(s) could not be used", note, StringComparison.Ordinal);
            Assert.Contains("incomplete (still being written)", note, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Missing_fields_give_empty_cells_and_a_line_without_node_belongs_to_its_file()
    {
        var logs = ThreeHops();
        // carol's HopView without amounts, expiries, Node and Timestamp.
        var bare = JsonNode.Parse(logs["carol"][0])!.AsObject();
        var props = bare["Properties"]!.AsObject();
        foreach (var p in new[] { "AmountInMsat", "AmountOutMsat", "CltvIn", "CltvOut", "Node" })
        {
            props.Remove(p);
        }

        bare.Remove("Timestamp");
        logs["carol"][0] = bare.ToJsonString();

        var report = Build(logs, Hash);

        var carol = report.Rows[2];
        Assert.Equal("carol", carol.Node);
        Assert.Null(carol.View.AmountInMsat);
        Assert.Null(carol.View.FeeMsat);
        Assert.Equal("dave", report.Rows[3].Node);
    }

    [Fact]
    public void Without_a_hash_the_most_recent_multi_hop_payment_is_chosen_and_named()
    {
        var logs = ThreeHops();
        // A later single-hop payment alice -> bob: not multi-hop, so not chosen.
        logs["alice"].Add(Origin("alice", "bob", "800000x1x0", 5_000, 800_040, "bob", 1, "alice -> bob", second: 30, hash: OtherHash));
        logs["bob"].Add(Final("bob", "alice", "800000x1x0", 5_000, 800_040, second: 31, hash: OtherHash));
        var folder = WriteNetworkFolder(logs);
        try
        {
            var result = KnowledgeReport.FromFolder(folder);

            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(Hash, result.Report!.PaymentHash);
            Assert.Contains("most recent multi-hop payment", result.Chosen, StringComparison.Ordinal);

            var single = KnowledgeReport.FromFolder(folder, OtherHash).Report!;
            Assert.Equal(["yes", "no†"], single.Rows.Select(r => r.KnewOrigin.Cell));
            Assert.Equal(["yes", "yes"], single.Rows.Select(r => r.KnewDestination.Cell));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Several_attempts_follow_the_origins_last_route_and_name_the_nodes_off_it()
    {
        var logs = ThreeHops();
        logs["alice"].Insert(1, Origin("alice", "erin", "800000x9x0", 1_002_000, 800_120, "dave", 3, "alice -> erin -> carol -> dave", second: 0));
        logs["erin"] = [Relay("erin", "alice", "800000x9x0", 1_002_000, 800_120, "carol", "800000x8x0", 1_001_000, 800_080, second: 0)];

        var report = Build(logs, Hash);

        Assert.Equal(["alice", "bob", "carol", "dave"], report.Rows.Select(r => r.Node));
        Assert.Equal(2, report.Attempts);
        Assert.Contains(report.Notes, n => n.Contains("erin", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_origins_log_the_table_starts_at_the_first_relay_and_says_what_it_cannot_check()
    {
        var logs = ThreeHops();
        logs.Remove("alice");

        var report = Build(logs, Hash);

        Assert.Equal(["bob", "carol", "dave"], report.Rows.Select(r => r.Node));
        Assert.Equal("?", report.Rows[0].KnewOrigin.Cell);
        Assert.Contains(report.Notes, n => n.Contains("No origin HopView", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_hash_is_an_error_listing_recent_payments()
    {
        var result = KnowledgeReportBuilder.Build(Logs(ThreeHops()), OtherHash);

        Assert.False(result.Succeeded);
        Assert.Contains(OtherHash, result.Error, StringComparison.Ordinal);
        Assert.Contains(Hash + " alice -> dave, 3 hop(s)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_and_a_folder_without_logs_are_errors_that_say_so()
    {
        var missing = KnowledgeReport.FromFolder(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid()));
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);

        var empty = Directory.CreateTempSubdirectory("lnrelay-kt-empty");
        try
        {
            var none = KnowledgeReport.FromFolder(empty.FullName);
            Assert.Contains("no node logs", none.Error, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_table_has_a_header_one_line_per_hop_a_legend_and_the_limit_and_the_json_round_trips()
    {
        var report = Build(ThreeHops(), Hash);
        var text = new StringWriter();

        KnowledgeTableWriter.Write(text, report);

        var lines = text.ToString().Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("#  node", StringComparison.Ordinal));
        Assert.True(header > 0, text.ToString());
        Assert.StartsWith("0  alice  origin", lines[header + 2], StringComparison.Ordinal);
        Assert.StartsWith("3  dave ", lines[header + 5], StringComparison.Ordinal);
        Assert.Contains("Legend:", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("Limit: Every hop saw the same payment_hash", text.ToString(), StringComparison.Ordinal);

        using var json = JsonDocument.Parse(KnowledgeJson.Serialize(report));
        var rows = json.RootElement.GetProperty("report").GetProperty("rows");
        Assert.Equal(4, rows.GetArrayLength());
        Assert.False(rows[1].GetProperty("knew_origin").GetProperty("known").GetBoolean());
        Assert.Equal("no†", rows[1].GetProperty("knew_origin").GetProperty("cell").GetString());
    }

    [Fact]
    public void The_command_prints_the_table_and_reports_a_missing_hash_with_exit_1()
    {
        var folder = WriteNetworkFolder(ThreeHops());
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(ExitCodes.Success, KnowledgeCommand.Run(folder, null, asJson: false, output, error));
            Assert.Contains("What each node knew of payment " + Hash, output.ToString(), StringComparison.Ordinal);

            Assert.Equal(ExitCodes.Refused, KnowledgeCommand.Run(folder, OtherHash, asJson: true, output, error));
            Assert.Contains("no HopView", error.ToString(), StringComparison.Ordinal);
            Assert.Throws<UsageException>(() => KnowledgeCommand.Run(folder, "abc", asJson: false, output, error));
            Assert.Throws<UsageException>(() => KnowledgeCommand.Run(folder + "-missing", null, asJson: false, output, error));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static NetworkLogs Logs(Dictionary<string, List<string>> logs) =>
        new([.. logs.Select(kv => NodeLogReader.Parse(string.Concat(kv.Value.Select(l => l + "\n")), kv.Key + ".jsonl"))]);

    private static KnowledgeReport Build(Dictionary<string, List<string>> logs, string hash)
    {
        var result = KnowledgeReportBuilder.Build(Logs(logs), hash);
        Assert.True(result.Succeeded, result.Error);
        return result.Report!;
    }
}
