using System.Text.Json;
using LnRelay.Node.Store;
using LnRelay.Orchestrator.Bench;
using LnRelay.Orchestrator.Cli;
using LnRelay.Tests.Shared;

namespace LnRelay.Orchestrator.Tests;

/// <summary>
/// <c>bench network --processes</c> end to end: a small network in three real child processes
/// (<c>lnrelay bench shard</c>), real payments across them, the figures summed, and no child
/// left behind after a normal end, a cancellation (Ctrl+C) or a child that dies mid-run.
/// Children are found by their command line (/proc/PID/cmdline), which names the network folder.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class BenchShardsTests : IDisposable
{
    private const int Nodes = 12;
    private const int Processes = 3;

    /// <summary>Starting three runtimes and a dozen durable nodes on a busy two-core machine.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lnrelay-shards-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        BenchNetworkRun.TryDelete(_dir);
    }

    /// <summary>A long paced run, stopped part-way by the test.</summary>
    private BenchNetworkOptions LongRun() =>
        BenchNetworkOptions.Create(Nodes, 100_000, concurrency: 4, "5", failPercent: 0, seed: 3, viaApi: false, _dir, json: false, blockEvery: 5) with { Processes = Processes };

    /// <summary>The whole command, as a person types it: its output and error, with the console captured (the JSON line goes to the console).</summary>
    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (await LnRelayCli.RunAsync(args, error), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    [Fact]
    public async Task TwelveNodesInThreeProcesses_PaymentsCrossThemAndEveryChildIsGoneAfter()
    {
        var (code, output, error) = await Run("bench", "network", "--nodes", "12", "--processes", "3", "--payments", "30", "--rate", "max", "--concurrency", "4", "--seed", "3", "--block-every", "5", "--sync", "normal", "--out", _dir, "--json");

        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Contains("processes: the nodes ran in 3 child processes", output, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.Equal(Processes, root.GetProperty("processes").GetInt32());
        Assert.Equal("shards", root.GetProperty("driver").GetString());
        Assert.Equal("normal", root.GetProperty("sync").GetString());
        Assert.Equal(Nodes, root.GetProperty("nodes").GetInt32());
        Assert.Equal(30, root.GetProperty("payments").GetInt32());
        Assert.Equal(0, root.GetProperty("failures").GetInt32());
        Assert.True(root.GetProperty("hops").GetDouble() >= 1);
        // Six blocks of five payments reached every child's nodes: their replay logs forgot nothing yet, but hold the onions.
        Assert.True(root.GetProperty("blocks").GetInt64() >= 6, root.ToString());
        Assert.True(root.GetProperty("replay_log_entries").GetInt64() > 0, root.ToString());
        // CPU is summed over the children: well above what this process alone spends driving the pipes.
        Assert.True(root.GetProperty("cpu_s_per_payment").GetDouble() > 0);
        var shards = root.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(Processes, shards.Count);
        Assert.Equal(Nodes, shards.Sum(s => s.GetProperty("nodes").GetInt32()));
        Assert.All(shards, s => Assert.True(s.GetProperty("peak_mb").GetDouble() > 0 && s.GetProperty("held_end_mb").GetDouble() > 0));
        Assert.True(root.GetProperty("held_per_node_mb").GetDouble() > 0);
        Assert.Contains("start nodes (3 processes)", root.GetProperty("startup_steps").ToString(), StringComparison.Ordinal);
        Assert.Empty(Children());
    }

    [Fact]
    public async Task Cancelled_MidPhase_EveryChildIsStopped()
    {
        using var cancel = new CancellationTokenSource();
        var error = new StringWriter();
        var shared = TextWriter.Synchronized(error);
        var run = BenchNetworkRun.RunAsync(LongRun() with { Sync = StoreSynchronous.Normal }, shared, cancel.Token);
        await NetworkUp(run, error, shared);
        var children = Children();
        Assert.Equal(Processes, children.Count);
        // --sync reaches every child's stores.
        Assert.All(children, c => Assert.Contains("--sync\0normal\0", c.CommandLine, StringComparison.Ordinal));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(Children());
    }

    [Fact]
    public async Task OneChildKilled_TheRunFailsNamingItsShardAndTheOthersAreStopped()
    {
        var error = new StringWriter();
        var shared = TextWriter.Synchronized(error);
        var run = BenchNetworkRun.RunAsync(LongRun(), shared, CancellationToken.None);
        await NetworkUp(run, error, shared);
        var children = Children();
        Assert.Equal(Processes, children.Count);

        var victim = children.Single(c => c.CommandLine.Contains("--first\04\0", StringComparison.Ordinal));
        System.Diagnostics.Process.GetProcessById(victim.Pid).Kill();

        var outcome = await run.WaitAsync(StartDeadline);
        Assert.False(outcome.AllPaid);
        var text = outcome.Refusal;
        Assert.NotNull(text);
        Assert.Contains("shard 2 of 3 (nodes", text, StringComparison.Ordinal);
        Assert.Contains("exited with code", text, StringComparison.Ordinal);
        Assert.Empty(Children());
    }

    /// <summary>Waits until every node started and connected (the run times the ceiling next, then pays).</summary>
    private static async Task NetworkUp(Task run, StringWriter error, TextWriter shared)
    {
        await Eventually.ValueAsync(
            () => Read(error, shared),
            text => run.IsCompleted || text.Contains("Timing the onion work", StringComparison.Ordinal),
            text => "every node up; the progress so far: " + text,
            StartDeadline);
        Assert.False(run.IsCompleted, Read(error, shared));
    }

    /// <summary>What was written so far (a synchronized writer locks itself while it writes).</summary>
    private static string Read(StringWriter error, TextWriter shared)
    {
        lock (shared)
        {
            return error.ToString();
        }
    }

    /// <summary>Live 'lnrelay bench shard' processes of this test's network folder (zombies not counted).</summary>
    private List<(int Pid, string CommandLine)> Children()
    {
        var found = new List<(int, string)>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(proc, "cmdline"));
                var stat = File.ReadAllText(Path.Combine(proc, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                if (commandLine.Contains("bench\0shard\0", StringComparison.Ordinal) && commandLine.Contains(_dir, StringComparison.Ordinal) && state != 'Z')
                {
                    found.Add((pid, commandLine));
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's process.
            }
        }

        return found;
    }
}
