using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Scenario;
using LnRelay.Orchestrator.Topology;
using Microsoft.AspNetCore.Builder;

namespace LnRelay.Orchestrator.Tests.Compose;

/// <summary>
/// 'lnrelay demo --attach DIR --logs LOGS', the compose orchestrator's command, against five
/// nodes this test starts itself, laid out as compose lays them out: one network folder, every
/// node logging into one shared folder. The scenario must end as the demo's does, and the
/// nodes must still run afterwards.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class ComposeAttachTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _root = Directory.CreateTempSubdirectory("lnrelay-attach-").FullName;
    private readonly List<WebApplication> _nodes = [];

    private string Net => Path.Combine(_root, "net");

    private string Logs => Path.Combine(_root, "logs");

    [Fact]
    public async Task Attach_RunsTheDemoScenarioAgainstRunningNodes_PrintsTheKnowledgeTable_AndLeavesThemRunning()
    {
        var topology = DefaultTopology.Load(null).Topology!;
        Assert.True(NetworkInitializer.Initialize(topology, Net, force: false, HostStyle.Local, basePort: null).Succeeded);
        // The chain runs elsewhere too (compose's chain container); the nodes follow it.
        await using var chain = await LnRelay.Orchestrator.OnChain.HostedChain.StartAsync(NetworkFolder.Load(Net, out _)!, System.Net.IPAddress.Loopback, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, CancellationToken.None);
        foreach (var name in topology.Nodes)
        {
            var dir = Path.Combine(Net, name);
            var app = NodeHost.Build(new NodeSettings { DataDir = dir, LogDirectory = Logs, ConsoleLog = false }, DataFolder.Load(dir));
            _nodes.Add(app);
            await app.StartAsync();
        }

        using var cts = new CancellationTokenSource(Deadline);
        var output = new StringWriter();

        var exit = DemoCommand.Render(await DemoRun.AttachAsync(Net, Logs, output, TextWriter.Null, cts.Token), output, TextWriter.Null);

        Assert.True(exit == 0, output.ToString());
        var results = ResultsFile.Read(Path.Combine(Net, ResultsFile.FileName));
        Assert.Equal(DemoScenario.PaymentCount, results.Count);
        Assert.All(results, r => Assert.True(r.Matched, $"{r.Step}: {r.Mismatch}"));
        Assert.Contains("eve    origin", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("alice  final", output.ToString(), StringComparison.Ordinal);
        Assert.All(topology.Nodes, n => Assert.True(File.Exists(Path.Combine(Logs, n + ".jsonl"))));

        var folder = NetworkFolder.Load(Net, out _)!;
        using var alice = folder.Client("alice");
        var info = await alice.GetAsync<System.Text.Json.JsonElement>("/v1/info", cts.Token);
        Assert.Equal("alice", info.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Attach_ToANetworkWithoutTheScenariosNodes_IsAUsageError_NamingWhatIsMissing()
    {
        var topology = TopologyParser.Parse("network: two\nnodes: [alice, bob]\nchannels:\n  - between: [alice, bob]\n    capacity_msat: 1000\n", "two.yaml").Topology!;
        Assert.True(NetworkInitializer.Initialize(topology, Net, force: false, HostStyle.Local, basePort: null).Succeeded);

        var e = await Assert.ThrowsAsync<UsageException>(() => DemoRun.AttachAsync(Net, null, TextWriter.Null, TextWriter.Null, CancellationToken.None));

        Assert.Contains("the demo's scenario needs the nodes carol, dave, eve", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--logs", "/logs")]
    [InlineData("--attach", "/net", "--out", "x")]
    [InlineData("--attach", "/net", "--in-process")]
    public async Task AttachOptions_InTheWrongCompany_AreUsageErrors(params string[] args)
    {
        var error = new StringWriter();

        var exit = await LnRelayCli.RunAsync(["demo", .. args], error);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--", error.ToString(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls the latter on a test class, so each
    // test left its five nodes running until the test process ended and its folder in /tmp.
    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
