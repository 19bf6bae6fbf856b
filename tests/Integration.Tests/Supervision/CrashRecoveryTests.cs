using System.Text.Json;
using LnRelay.Integration.Tests.EndToEnd;

namespace LnRelay.Integration.Tests.Supervision;

/// <summary>
/// kill -9 at chosen moments of a payment over alice-bob-carol-dave-eve, a restart by
/// 'lnrelay up', and the accounting ('lnrelay audit'): every payment ends exactly once,
/// both ends of every channel agree, nothing is lost or created (docs/supervision.md). A
/// node's forwards are held with PUT /v1/faults forward_delay_ms, so the kill lands where
/// the test says. They need the durable node store (docs/store.md).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CrashRecoveryTests
{
    /// <summary>How long the holding node keeps a forward on its outbox: the kill lands well inside it, even on a busy machine.</summary>
    private const int HoldMs = 5_000;

    [Theory]
    [InlineData("carol", "carol", "HtlcForwarded")] // a relay that decided to forward, before its update_add_htlc left
    [InlineData("dave", "carol", "HtlcForwarded")] // a relay after forwarding, before the fulfil returns
    [InlineData("carol", "alice", "HtlcForwarded")] // the payer with its HTLC in flight
    [InlineData("dave", "eve", "HtlcForwarded")] // the payee before its HTLC reaches it
    public async Task A_node_killed_with_a_payment_in_flight_resumes_and_the_payment_ends_exactly_once(string holder, string victim, string moment)
    {
        await using var net = await SupervisedNetwork.StartAsync($"lnrelay-crash-{victim}-");
        await net.SetFaultsAsync(holder, new { forward_delay_ms = HoldMs });
        using var pay = net.Start("pay", "--dir", net.Dir, "--from", "alice", "--to", "eve", "--amount-msat", "100000");

        await net.WaitForLogAsync(holder, moment);
        var killed = await net.KillAsync(victim);
        await net.WaitBackAsync(victim, killed);
        await pay.WaitForExitAsync(SupervisedNetwork.Deadline);

        await AssertAccountedAsync(net, payments: 1);
    }

    [Theory]
    [InlineData("eve")] // the payee, its fulfil on the wire
    [InlineData("carol")] // a relay, the fulfil on its way back to it
    public async Task A_node_killed_while_the_fulfil_is_on_the_wire_resumes_and_the_payment_succeeds_once(string victim)
    {
        await using var net = await SupervisedNetwork.StartAsync($"lnrelay-crash-fulfil-{victim}-");
        await net.SetFaultsAsync("dave", new { forward_delay_ms = HoldMs });
        using var pay = net.Start("pay", "--dir", net.Dir, "--from", "alice", "--to", "eve", "--amount-msat", "100000");

        await net.WaitForLogAsync("eve", "HtlcSettled");
        var killed = await net.KillAsync(victim);
        await net.WaitBackAsync(victim, killed);
        await pay.WaitForExitAsync(SupervisedNetwork.Deadline);

        var audit = await AssertAccountedAsync(net, payments: 1);
        Assert.Contains("1 succeeded", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_node_killed_at_once_on_a_busy_network_resumes_and_the_accounting_holds()
    {
        await using var net = await SupervisedNetwork.StartAsync("lnrelay-crash-all-");
        using var pay = net.Start("pay", "--dir", net.Dir, "--from", "alice", "--to", "eve", "--amount-msat", "10000", "--count", "400", "--concurrency", "8");
        await net.WaitForLogAsync("alice", "PaymentSucceeded", 50);

        string[] names = ["alice", "bob", "carol", "dave", "eve"];
        var pids = names.ToDictionary(n => n, n => net.Pid(n)!.Value);
        await Task.WhenAll(names.Select(net.KillAsync));
        foreach (var name in names)
        {
            await net.WaitBackAsync(name, pids[name]);
        }

        await pay.WaitForExitAsync(SupervisedNetwork.Deadline);
        await AssertAccountedAsync(net, payments: null);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not a database")]
    public async Task A_corrupt_database_stops_the_node_with_one_error_naming_the_file(string damage)
    {
        await using var net = await SupervisedNetwork.StartAsync("lnrelay-crash-corrupt-");
        var (payExit, pay) = await net.RunAsync("pay", "--dir", net.Dir, "--from", "alice", "--to", "eve", "--amount-msat", "10000", "--count", "5");
        Assert.True(payExit == 0, pay.Stderr);
        var (stopExit, stop) = await net.RunAsync("node", "stop", "--dir", net.Dir, "carol");
        Assert.True(stopExit == 0, stop.Stderr);

        var carol = net.Folder.NodeDirectory("carol");
        var databases = Directory.EnumerateFiles(carol, "*.db").Concat(Directory.EnumerateFiles(carol, "*.sqlite")).ToList();
        Assert.NotEmpty(databases);
        var database = databases[0];
        if (damage == "truncated")
        {
            using var file = new FileStream(database, FileMode.Open, FileAccess.Write);
            file.SetLength(file.Length / 2);
        }
        else
        {
            File.WriteAllBytes(database, System.Text.Encoding.ASCII.GetBytes(new string('x', 4096)));
        }

        // Started again, carol refuses her database in one clear line naming it; up gives up after its tries, the others run on.
        var (startExit, start) = await net.RunAsync("node", "start", "--dir", net.Dir, "carol");
        Assert.Equal(1, startExit);
        Assert.Contains("did not answer", start.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(database), net.Up.Stderr, StringComparison.Ordinal);
        Assert.Contains("lnrelay-node carol exited with code 1", net.Up.Stderr, StringComparison.Ordinal);
        Assert.NotNull(net.Pid("alice"));
    }

    /// <summary>'lnrelay audit' passes with every check, and (when given) the payer started exactly this many payments; returns the audit's output.</summary>
    private static async Task<string> AssertAccountedAsync(SupervisedNetwork net, int? payments)
    {
        var audit = await net.AuditAsync(waitSeconds: 90);
        Assert.True(audit.ExitCode == 0, audit.Output);
        Assert.All(audit.Checks, c => Assert.True(c.Value, $"{c.Key}: {audit.Output}"));
        if (payments is { } n)
        {
            using var json = JsonDocument.Parse(audit.Output);
            var summary = json.RootElement.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("name").GetString() == "payments").GetProperty("summary").GetString()!;
            Assert.StartsWith($"{n} started", summary, StringComparison.Ordinal);
        }

        return audit.Output;
    }
}
