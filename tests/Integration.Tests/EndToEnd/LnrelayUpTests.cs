using LnRelay.Orchestrator.Hosting;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// The network as a user runs it: 'lnrelay init', then 'lnrelay up' in the background
/// (one lnrelay-node child process per node), payments through 'lnrelay pay', and
/// Ctrl+C: every node stops and no process is left behind.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LnrelayUpTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _work = Directory.CreateTempSubdirectory("lnrelay-up-e2e-").FullName;

    [Fact]
    public async Task Init_up_pay_and_ctrl_c_run_five_node_processes_pay_over_four_hops_and_leave_no_process_behind()
    {
        var dir = Path.Combine(_work, "net");
        var (initExit, init) = await LnrelayProcess.RunAsync(_work, Deadline, "init", "--out", dir);
        Assert.True(initExit == 0, init.Stderr);

        using var up = LnrelayProcess.Start(_work, "up", "--dir", dir);
        await up.WaitForOutputAsync(l => l.Contains("The network is up", StringComparison.Ordinal), Deadline);
        string[] names = ["alice", "bob", "carol", "dave", "eve"];
        if (ProcessTable.Available)
        {
            var nodes = ProcessTable.ChildrenOf(up.Id);
            Assert.Equal(names.Length, nodes.Count(p => p.CommandLine.Contains("lnrelay-node", StringComparison.Ordinal)));
            Assert.All(names, n => Assert.Contains(nodes, p => p.CommandLine.Contains(Path.Combine(dir, n), StringComparison.Ordinal)));
        }

        // Four hops after the closed bob-eve fails the first try (docs/demo.md), two at a time.
        var (payExit, pay) = await LnrelayProcess.RunAsync(_work, Deadline, "pay", "--dir", dir, "--from", "alice", "--to", "eve", "--amount-msat", "100000", "--count", "4", "--concurrency", "2");
        Assert.True(payExit == 0, $"{pay.Stdout}\n{pay.Stderr}");
        Assert.Equal(4, pay.Stdout.Split('\n').Count(l => l.Contains("succeeded", StringComparison.Ordinal) && l.Contains("alice>bob>carol>dave>eve", StringComparison.Ordinal)));

        // Ctrl+C: up stops every node, then itself, cleanly.
        up.Signal(ProcessSignal.Interrupt);
        var upExit = await up.WaitForExitAsync(Deadline);
        Assert.True(upExit == 0, $"{up.Stdout}\n{up.Stderr}");
        Assert.Contains("Every node stopped.", up.Stderr, StringComparison.Ordinal);
        if (ProcessTable.Available)
        {
            Assert.Empty(ProcessTable.Matching(dir));
        }

        // Each node wrote its log until the end, and saw its payments.
        Assert.All(names, n => Assert.True(new FileInfo(Path.Combine(dir, n, "logs", n + ".jsonl")).Length > 0));
        Assert.Equal(4, File.ReadLines(Path.Combine(dir, "alice", "logs", "alice.jsonl")).Count(l => l.Contains("\"PaymentSucceeded\"", StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
