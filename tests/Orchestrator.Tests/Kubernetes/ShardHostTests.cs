using System.Net;
using System.Runtime.Versioning;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Kubernetes;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;
using LnRelay.Tests.Shared;

namespace LnRelay.Orchestrator.Tests.Kubernetes;

/// <summary>'lnrelay k8s host': a shard pod's process runs every node folder of its directory, each answering on its own port, until stopped.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ShardHostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-shard-").FullName;

    [Fact]
    public async Task Host_RunsEveryNodeFolder_UntilStopped()
    {
        var topology = TopologyParser.Parse("nodes: [a, b, c]\nchannels:\n  - { between: [a, b], capacity_msat: 10_000_000 }\n  - { between: [b, c], capacity_msat: 10_000_000 }\n", "t.yaml").Topology!;
        var init = NetworkInitializer.Initialize(topology, _folder, force: false, HostStyle.Local, basePort: null);
        Assert.True(init.Succeeded, init.Error);
        Assert.Equal(["a", "b", "c"], ShardHost.NodeFolders(_folder).Select(Path.GetFileName));

        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var run = ShardHost.RunAsync(_folder, IPAddress.Loopback, output, TextWriter.Null, stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var node in init.Network!.Nodes)
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        return (await http.GetAsync(new Uri(new Uri(node.ControlUrl), "/v1/health"))).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"{node.Name}'s /v1/health answers");
        }

        Assert.False(run.IsCompleted);
        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Contains("Hosting 3 nodes (a, b, c)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithNoNodeFolder_SaysWhatShouldHaveWrittenThem()
    {
        var error = new StringWriter();

        Assert.Equal(1, await ShardHost.RunAsync(_folder, IPAddress.Loopback, TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("holds no node folder", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
