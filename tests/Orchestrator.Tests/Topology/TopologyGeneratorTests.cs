using System.Runtime.Versioning;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;
using LnRelay.Orchestrator.Topology.Generation;

namespace LnRelay.Orchestrator.Tests.Topology;

/// <summary>'lnrelay topology generate': deterministic files, connected graphs, the shape each model promises, files init accepts.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TopologyGeneratorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-topogen-").FullName;

    [Theory]
    [InlineData("scale-free")]
    [InlineData("random")]
    public void TheSameSeed_GivesTheSameBytes_AndAnotherSeedAnotherFile(string model)
    {
        var a = Generate(300, model, 42);
        var b = Generate(300, model, 42);
        var c = Generate(300, model, 43);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void TheFile_ParsesBackToTheSameTopology()
    {
        var options = new GeneratorOptions(200, TopologyModel.ScaleFree, 5);
        var generated = TopologyGenerator.Generate(options);

        var parsed = TopologyParser.Parse(Generate(200, "scale-free", 5), "generated.yaml");

        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var topology = parsed.Topology!;
        Assert.Equal(generated.Network, topology.Network);
        Assert.Equal(generated.BlockIntervalSeconds, topology.BlockIntervalSeconds);
        Assert.Equal(generated.Nodes, topology.Nodes);
        Assert.Equal(generated.Channels, topology.Channels);
    }

    [Theory]
    [InlineData("scale-free", 2)]
    [InlineData("scale-free", 3)]
    [InlineData("scale-free", 57)]
    [InlineData("scale-free", 2_000)]
    [InlineData("random", 2)]
    [InlineData("random", 3)]
    [InlineData("random", 57)]
    [InlineData("random", 2_000)]
    public void EveryGeneratedGraph_IsConnected_WithNoChannelTwiceOrToItself(string model, int nodes)
    {
        foreach (var seed in new ulong[] { 0, 1, 2, ulong.MaxValue })
        {
            var topology = TopologyGenerator.Generate(new GeneratorOptions(nodes, TopologyModelNames.Parse(model)!.Value, seed));

            Assert.True(TopologyShape.Measure(topology).Connected, $"{model} {nodes} seed {seed}");
            Assert.All(topology.Channels, c => Assert.NotEqual(c.Node1, c.Node2));
            var pairs = topology.Channels.Select(c => string.CompareOrdinal(c.Node1, c.Node2) < 0 ? (c.Node1, c.Node2) : (c.Node2, c.Node1)).ToList();
            Assert.Equal(pairs.Count, pairs.Distinct().Count());
        }
    }

    [Fact]
    public void ScaleFree_HasAFewLargeHubs_AndManySmallNodes()
    {
        var shape = TopologyShape.Measure(TopologyGenerator.Generate(new GeneratorOptions(5_000, TopologyModel.ScaleFree, 1)));

        // A hub-dominated graph: the largest node has far more channels than the typical one,
        // the top 1% hold a fifth or more of all channel ends, and many nodes have a single channel.
        Assert.True(shape.MaxDegree >= 50 * shape.MedianDegree, $"max {shape.MaxDegree}, median {shape.MedianDegree}");
        Assert.True(shape.TopPercentEndsShare >= 0.2, $"top 1% hold {shape.TopPercentEndsShare:P0}");
        Assert.InRange(shape.OneChannelShare, 0.1, 0.5);
        Assert.InRange(shape.MedianDegree, 2, 4);
    }

    [Fact]
    public void Random_SpreadsChannelsEvenly_AtItsDefaultMeanDegree()
    {
        var shape = TopologyShape.Measure(TopologyGenerator.Generate(new GeneratorOptions(5_000, TopologyModel.Random, 1)));

        Assert.Equal(10_000, shape.Channels);
        Assert.Equal(4.0, shape.MeanDegree);
        Assert.True(shape.MaxDegree <= 5 * 4, $"max {shape.MaxDegree}");
        Assert.True(shape.TopPercentEndsShare < 0.05, $"top 1% hold {shape.TopPercentEndsShare:P0}");
    }

    [Theory]
    [InlineData("scale-free")]
    [InlineData("random")]
    public void MeanDegree_SetsTheChannelCount(string model)
    {
        var topology = TopologyGenerator.Generate(new GeneratorOptions(1_000, TopologyModelNames.Parse(model)!.Value, 3, MeanDegree: 3));

        Assert.Equal(1_500, topology.Channels.Count);
    }

    [Fact]
    public void Capacities_AreWholeThousandsOfSatoshis_AroundThePublicMean_AndHubsSetTheirOwnFees()
    {
        var topology = TopologyGenerator.Generate(new GeneratorOptions(3_000, TopologyModel.ScaleFree, 9));

        Assert.All(topology.Channels, c =>
        {
            Assert.Equal(0ul, c.CapacityMsat % 1_000_000);
            Assert.InRange(c.CapacityMsat / 1_000, ChannelCapacities.MinSat, ChannelCapacities.MaxSat);
            Assert.Equal(c.CapacityMsat / 2, c.Node1BalanceMsat);
        });
        var meanSat = topology.Channels.Average(c => (double)(c.CapacityMsat / 1_000));
        Assert.InRange(meanSat, ChannelCapacities.MeanSat * 0.7, ChannelCapacities.MeanSat * 1.3);

        // The largest node is a hub: its fee rate is its own (100 to 2,500 ppm), not an implementation's default.
        var hub = topology.Nodes.MaxBy(n => topology.Channels.Count(c => c.Node1 == n || c.Node2 == n))!;
        var policy = topology.Channels.Where(c => c.Node1 == hub).Select(c => c.Node1Policy)
            .Concat(topology.Channels.Where(c => c.Node2 == hub).Select(c => c.Node2Policy)).Distinct().Single();
        Assert.InRange(policy.FeeProportionalMillionths, 100u, 2_500u);
    }

    [Fact]
    public void Init_AcceptsAGeneratedFile()
    {
        var file = Path.Combine(_folder, "generated.yaml");
        Assert.Equal(ExitCodes.Success, TopologyCommand.Run(new GeneratorOptions(40, TopologyModel.ScaleFree, 11), file, json: false, TextWriter.Null, TextWriter.Null));

        var topology = NetworkInit.LoadTopology(file);
        var result = NetworkInitializer.Initialize(topology, Path.Combine(_folder, "net"), force: false, HostStyle.Local, basePort: null);

        Assert.True(result.Succeeded, result.Error);
        var network = NetworkFile.Load(Path.Combine(_folder, "net", NetworkFile.FileName)).Network!;
        Assert.Equal(40, network.Nodes.Count);
        Assert.Equal(topology.Channels.Count, network.Channels.Count);
    }

    [Theory]
    [InlineData(1, null, null)]
    [InlineData(100_001, null, null)]
    [InlineData(10, 10.0, null)]
    [InlineData(10, 0.5, null)]
    [InlineData(10, null, "Bad_Name")]
    public void BadOptions_AreUsageErrors_ThatSayWhatToGive(int nodes, double? meanDegree, string? network)
    {
        var error = Assert.Throws<UsageException>(() =>
            TopologyCommand.Run(new GeneratorOptions(nodes, TopologyModel.ScaleFree, 1, meanDegree, network), null, false, TextWriter.Null, TextWriter.Null));

        Assert.Contains("give", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Generate(int nodes, string model, ulong seed)
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Success, TopologyCommand.Run(new GeneratorOptions(nodes, TopologyModelNames.Parse(model)!.Value, seed), null, false, output, TextWriter.Null));
        return output.ToString();
    }
}
