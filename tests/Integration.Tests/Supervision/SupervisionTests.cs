using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Integration.Tests.EndToEnd;
using LnRelay.Orchestrator.Supervision;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.Supervision;

/// <summary>
/// 'lnrelay up' supervising real lnrelay-node processes over real sockets
/// (docs/supervision.md): a node killed with SIGKILL is reported and restarted while the
/// others keep running; 'pay' keeps every result when its payer goes away; 'audit' passes on a
/// healthy run and names a planted disagreement.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SupervisionTests
{
    [Fact]
    public async Task A_killed_relay_is_reported_and_restarted_while_the_others_run_and_payments_then_flow_and_audit()
    {
        await using var net = await SupervisedNetwork.StartAsync("lnrelay-supervise-");
        var others = new[] { "alice", "bob", "dave", "eve" }.ToDictionary(n => n, n => net.Pid(n));

        Assert.True(net.State("carol") is { State: NodeStates.Up, Attempt: 0 }, $"carol's node.state before the kill: {net.State("carol")}");

        var killed = await net.KillAsync("carol");

        // node.state (what 'lnrelay web' draws) passes through restarting (the restart takes at least NodeRestarter.FirstDelay) back to up.
        await Eventually.TrueAsync(() => net.State("carol") is { State: NodeStates.Restarting, Attempt: 1 }, $"carol's node.state saying restarting: {net.State("carol")}", SupervisedNetwork.Deadline);
        await net.WaitBackAsync("carol", killed);
        await Eventually.TrueAsync(() => net.State("carol") is { State: NodeStates.Up, Attempt: 1 }, $"carol's node.state saying up again: {net.State("carol")}", SupervisedNetwork.Deadline);

        // Reported with its exit (SIGKILL: 128 + 9) and the end of its log; nobody else was touched.
        await Eventually.TrueAsync(() => net.Up.Stderr.Contains("is running (pid", StringComparison.Ordinal), $"up reporting carol's restart: {net.Up.Stderr}");
        Assert.Contains("node carol died; restarting it", net.Up.Stderr, StringComparison.Ordinal);
        Assert.Contains("lnrelay-node carol exited with code 137", net.Up.Stderr, StringComparison.Ordinal);
        Assert.Contains("The end of", net.Up.Stderr, StringComparison.Ordinal);
        Assert.All(others, o => Assert.Equal(o.Value, net.Pid(o.Key)));

        // The network carries payments through the restarted carol, and the accounting holds.
        var (payExit, pay) = await net.RunAsync("pay", "--dir", net.Dir, "--from", "alice", "--to", "eve", "--amount-msat", "100000", "--count", "3");
        Assert.True(payExit == 0, $"{pay.Stdout}\n{pay.Stderr}");
        Assert.Equal(3, pay.StdoutLines.Count(l => l.Contains("succeeded", StringComparison.Ordinal) && l.Contains("alice>bob>carol>dave>eve", StringComparison.Ordinal)));
        var audit = await net.AuditAsync();
        Assert.True(audit.ExitCode == 0, audit.Output);
        Assert.All(audit.Checks, c => Assert.True(c.Value, $"{c.Key}: {audit.Output}"));
    }

    [Fact]
    public async Task Stop_keeps_a_node_stopped_until_start_and_restart_gives_it_a_new_process()
    {
        await using var net = await SupervisedNetwork.StartAsync("lnrelay-node-verbs-");
        var dave = net.Pid("dave");

        // A second 'up' on the same folder is refused before it starts anything, naming the first.
        var (againExit, again) = await net.RunAsync("up", "--dir", net.Dir);
        Assert.Equal(1, againExit);
        Assert.Contains("is already up: 'lnrelay up' runs as pid", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(dave, net.Pid("dave"));

        var (stopExit, stop) = await net.RunAsync("node", "stop", "--dir", net.Dir, "dave");
        Assert.True(stopExit == 0, stop.Stderr);
        Assert.StartsWith($"Stopped dave (pid {dave})", stop.Stdout, StringComparison.Ordinal);
        Assert.Null(net.Pid("dave"));
        Assert.DoesNotContain("node dave died", net.Up.Stderr, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => net.State("dave") is { State: NodeStates.Stopped }, $"dave's node.state saying stopped: {net.State("dave")}", SupervisedNetwork.Deadline);

        var (killExit, kill) = await net.RunAsync("node", "kill", "--dir", net.Dir, "dave");
        Assert.Equal(1, killExit);
        Assert.Contains("dave is not running", kill.Stderr, StringComparison.Ordinal);

        var (startExit, start) = await net.RunAsync("node", "start", "--dir", net.Dir, "dave", "--json");
        Assert.True(startExit == 0, start.Stderr);
        var started = JsonNode.Parse(start.Stdout)!;
        Assert.True(started["ok"]!.GetValue<bool>());
        Assert.Equal(net.Pid("dave"), started["pid"]!.GetValue<int>());
        await Eventually.TrueAsync(() => net.State("dave") is { State: NodeStates.Up }, $"dave's node.state saying up again: {net.State("dave")}", SupervisedNetwork.Deadline);

        var before = net.Pid("dave");
        var (restartExit, restart) = await net.RunAsync("node", "restart", "--dir", net.Dir, "dave");
        Assert.True(restartExit == 0, restart.Stderr);
        Assert.NotEqual(before, net.Pid("dave"));
        await net.WaitConnectedAsync();

        var (unknownExit, unknown) = await net.RunAsync("node", "stop", "--dir", net.Dir, "zed");
        Assert.Equal(1, unknownExit);
        Assert.Contains("'zed' is not a node", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pay_whose_payer_is_killed_mid_run_prints_and_writes_every_result_marks_the_rest_unknown_and_exits_1()
    {
        await using var net = await SupervisedNetwork.StartAsync("lnrelay-pay-kill-");
        var results = Path.Combine(net.Dir, "pay-results.json");
        const int Count = 3000;
        using var pay = net.Start("pay", "--dir", net.Dir, "--from", "alice", "--to", "eve", "--amount-msat", "10000", "--count", $"{Count}", "--concurrency", "4", "--results", results);

        // Some payments end, then the payer dies under them.
        await net.WaitForLogAsync("alice", "PaymentSucceeded", 20);
        await net.KillAsync("alice");

        Assert.Equal(1, await pay.WaitForExitAsync(SupervisedNetwork.Deadline));
        Assert.Contains("Sending stopped", pay.Stderr, StringComparison.Ordinal);
        Assert.Contains("alice did not answer", pay.Stderr, StringComparison.Ordinal);
        // Table rows only ("#  from  to  amount  status …"), not the note under the table.
        var succeededRows = pay.StdoutLines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*\d+\s+alice\s+eve\s+\d+\s+succeeded\s"));
        Assert.True(succeededRows >= 20, pay.Stdout);

        using var written = JsonDocument.Parse(File.ReadAllText(results));
        var entries = written.RootElement.EnumerateArray().ToList();
        Assert.Equal(Count, entries.Count);
        var statuses = entries.Select(e => e.GetProperty("status").GetString()).ToList();
        Assert.Equal(succeededRows, statuses.Count(s => s == "succeeded"));
        Assert.Contains("unknown", statuses);
        Assert.All(entries.Where(e => e.GetProperty("status").GetString() == "unknown"), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("mismatch").GetString())));
        Assert.All(entries, e => Assert.Equal("pay", e.GetProperty("step").GetString()));
    }

    [Fact]
    public async Task Audit_names_a_channel_whose_two_ends_were_planted_to_disagree()
    {
        // carol's own copy of network.json (a data folder's copy wins over the network folder's, docs/network-file.md)
        // says bob-carol is bob 6 M / carol 4 M sat; the folder's, which bob reads, says 5 M / 5 M.
        await using var net = await SupervisedNetwork.StartAsync("lnrelay-audit-plant-", dir =>
        {
            var path = Path.Combine(dir, "carol", "network.json");
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "network.json")))!;
            var channel = json["channels"]!.AsArray().First(c => c!["node1"]!.GetValue<string>() == "bob" && c["node2"]!.GetValue<string>() == "carol")!;
            channel["node1_balance_msat"] = 6_000_000_000UL;
            File.WriteAllText(path, json.ToJsonString());
        });

        var audit = await net.AuditAsync(waitSeconds: 5);
        Assert.Equal(1, audit.ExitCode);
        Assert.False(audit.Checks["channels"], audit.Output);
        Assert.False(audit.Checks["money"], audit.Output);
        Assert.True(audit.Checks["payments"], audit.Output);
        Assert.Contains("carol says bob 6000000000", audit.Output, StringComparison.Ordinal);
    }
}
