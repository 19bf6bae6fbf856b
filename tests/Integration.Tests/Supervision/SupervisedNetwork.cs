using System.Globalization;
using System.Text.Json;
using LnRelay.Node.Peers;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Supervision;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.Supervision;

/// <summary>
/// The five-node network as a user runs it for fault experiments: 'lnrelay init', then
/// 'lnrelay up' (one lnrelay-node child process per node, supervised) in the background, and
/// the real 'lnrelay node', 'pay' and 'audit' verbs against its folder. Disposing stops up
/// with SIGTERM (it stops every node) and removes the folder.
/// </summary>
internal sealed class SupervisedNetwork : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _work;

    private SupervisedNetwork(string work, string dir, LnrelayProcess up, NetworkFolder folder)
    {
        _work = work;
        Dir = dir;
        Up = up;
        Folder = folder;
    }

    public string Dir { get; }

    public LnrelayProcess Up { get; }

    public NetworkFolder Folder { get; }

    /// <summary>Initialises a fresh folder, lets <paramref name="prepare"/> change it (e.g. plant a disagreement), and starts 'lnrelay up' on it.</summary>
    public static async Task<SupervisedNetwork> StartAsync(string prefix, Action<string>? prepare = null, params string[] upArgs)
    {
        var work = Directory.CreateTempSubdirectory(prefix).FullName;
        var dir = Path.Combine(work, "net");
        var (initExit, init) = await LnrelayProcess.RunAsync(work, Deadline, "init", "--out", dir);
        Assert.True(initExit == 0, init.Stderr);
        prepare?.Invoke(dir);
        var up = LnrelayProcess.Start(work, ["up", "--dir", dir, .. upArgs]);
        await up.WaitForOutputAsync(l => l.Contains("The network is up", StringComparison.Ordinal), Deadline);
        return new SupervisedNetwork(work, dir, up, NetworkFolder.Load(dir, out _)!);
    }

    public Task<(int ExitCode, LnrelayProcess Cli)> RunAsync(params string[] args) => LnrelayProcess.RunAsync(_work, Deadline, args);

    public LnrelayProcess Start(params string[] args) => LnrelayProcess.Start(_work, args);

    /// <summary>The pid of the node's running process, from its pid file.</summary>
    public int? Pid(string node) => ControlFiles.LiveNode(Folder.NodeDirectory(node))?.Pid;

    /// <summary>What the supervisor last wrote in the node's node.state, or null.</summary>
    public NodeStateRecord? State(string node) => ControlFiles.ReadState(Folder.NodeDirectory(node));

    /// <summary>'lnrelay node kill NAME'; returns the pid it killed.</summary>
    public async Task<int> KillAsync(string node)
    {
        var pid = Pid(node);
        Assert.NotNull(pid);
        var (exit, kill) = await RunAsync("node", "kill", "--dir", Dir, node);
        Assert.True(exit == 0, $"{kill.Stdout}\n{kill.Stderr}");
        Assert.Contains($"Killed {node} (pid {pid})", kill.Stdout, StringComparison.Ordinal);
        return pid.Value;
    }

    /// <summary>Waits until the supervisor has the node running again in a new process and every peer link is up.</summary>
    public async Task WaitBackAsync(string node, int killedPid)
    {
        await Eventually.TrueAsync(() => Pid(node) is { } pid && pid != killedPid, $"{node} running again after pid {killedPid} was killed\nup: {Up.Stderr}", Deadline);
        await WaitConnectedAsync();
    }

    /// <summary>Waits until every node answers and reports every peer connected.</summary>
    public async Task WaitConnectedAsync()
    {
        var clients = Folder.Network.Nodes.Select(n => Folder.Client(n.Name, TimeSpan.FromSeconds(2))).ToList();
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    foreach (var c in clients)
                    {
                        try
                        {
                            var peers = await c.GetOnceAsync<List<PeerStatus>>("/v1/peers", CancellationToken.None);
                            if (peers.Any(p => p.State != PeerState.Connected))
                            {
                                return false;
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                "every node answering with every peer connected",
                Deadline);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Waits until the node's JSON-lines log holds <paramref name="count"/> events named <paramref name="eventName"/>.</summary>
    public Task WaitForLogAsync(string node, string eventName, int count = 1) =>
        Eventually.TrueAsync(() => LogCount(node, eventName) >= count, $"{count} {eventName} in {node}'s log", Deadline);

    public int LogCount(string node, string eventName)
    {
        var path = Folder.LogFile(node);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var needle = $"\"{eventName}\"";
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.Contains(needle, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    /// <summary>PUT /v1/faults on one node (docs/control-api.md), e.g. forward_delay_ms to hold its forwards.</summary>
    public async Task SetFaultsAsync(string node, object faults)
    {
        using var client = Folder.Client(node);
        await client.PutAsync<JsonElement>("/v1/faults", faults, CancellationToken.None);
    }

    /// <summary>'lnrelay audit --json': its exit code and the parsed checks (name → passed), with the raw output for messages.</summary>
    public async Task<(int ExitCode, IReadOnlyDictionary<string, bool> Checks, string Output)> AuditAsync(int waitSeconds = 30)
    {
        var (exit, audit) = await RunAsync("audit", "--dir", Dir, "--json", "--wait", waitSeconds.ToString(CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(audit.Stdout);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("passed").GetBoolean(), StringComparer.Ordinal);
        return (exit, checks, audit.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Up.Signal(ProcessSignal.Terminate);
            await Up.WaitForExitAsync(Deadline);
        }
        finally
        {
            Up.Dispose();
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
