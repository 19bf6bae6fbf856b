using System.Runtime.Versioning;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Kubernetes;

namespace LnRelay.Orchestrator.Tests.Kubernetes;

/// <summary>'lnrelay k8s logs': one kubectl cp per node, from its pod's volume to where 'lnrelay knowledge --dir' reads; every failure reported.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class LogGatheringTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-k8slogs-").FullName;

    [Theory]
    [InlineData("per-node", "alice-0")]
    [InlineData("shards", "shard-0-0")]
    public void ThePlan_CopiesEachNodesLogFromItsPod_IntoTheKnowledgeLayout(string layout, string pod)
    {
        var dir = Path.Combine(_folder, layout);
        var options = new K8sOptions("net1", "lnrelay", layout == "shards" ? K8sLayout.Shards : K8sLayout.PerNode, 3);
        Assert.Equal(ExitCodes.Success, K8sCommand.Run(null, dir, options, null, false, TextWriter.Null, TextWriter.Null));
        var network = NetworkFile.Load(Path.Combine(dir, "network.json")).Network!;

        var plan = LogGathering.Plan(network, dir, "net1");

        Assert.Equal(5, plan.Count);
        var alice = plan.Single(c => c.Node == "alice");
        Assert.Equal(["cp", "-c", "node", $"net1/{pod}:/data/alice/logs/alice.jsonl", Path.Combine(dir, "alice", "logs", "alice.jsonl")], alice.Arguments);
    }

    [Fact]
    public async Task WithoutKubectl_EveryNodeIsReported_AndTheExitIsOne()
    {
        var dir = Path.Combine(_folder, "out");
        Assert.Equal(ExitCodes.Success, K8sCommand.Run(null, dir, new K8sOptions("lnrelay", "lnrelay", K8sLayout.PerNode, 1), null, false, TextWriter.Null, TextWriter.Null));
        var error = new StringWriter();

        var exit = await K8sCommand.LogsAsync(dir, "lnrelay", Path.Combine(_folder, "no-kubectl"), 2, TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Equal(5, error.ToString().Split('\n').Count(l => l.Contains("cannot run", StringComparison.Ordinal)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
