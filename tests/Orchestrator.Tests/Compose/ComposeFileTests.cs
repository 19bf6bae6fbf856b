using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Compose;
using LnRelay.Orchestrator.Tests.Network;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Tests.Compose;

/// <summary>
/// The committed docker-compose.yml is exactly what 'lnrelay compose' writes for the
/// committed topology, so neither can change without the other (CI runs this).
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Root = TopologyParserTests.FindRepositoryRoot();

    internal static string TopologyFile => Path.Combine(Root, ComposeLayout.TopologiesFolder, DefaultTopology.Name);

    internal static string CommittedFile => Path.Combine(Root, "docker-compose.yml");

    [Fact]
    public void TheCommittedComposeFile_IsWhatLnrelayComposeWritesForTheCommittedTopology()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = ComposeCommand.Run(TopologyFile, null, output, error);

        Assert.True(exit == 0, error.ToString());
        var generated = Lines(output.ToString());
        var committed = Lines(File.ReadAllText(CommittedFile));
        var first = Enumerable.Range(0, Math.Max(generated.Length, committed.Length))
            .FirstOrDefault(i => i >= generated.Length || i >= committed.Length || generated[i] != committed[i], -1);
        Assert.True(
            first < 0,
            $"docker-compose.yml differs from what 'lnrelay compose' writes for {ComposeLayout.TopologiesFolder}/{DefaultTopology.Name} " +
            $"(first at line {first + 1}: committed '{At(committed, first)}', generated '{At(generated, first)}'). " +
            $"The topology or the generator changed: regenerate it from the repository root with " +
            $"'dotnet run --project src/Orchestrator -- compose --topology {ComposeLayout.TopologiesFolder}/{DefaultTopology.Name} --out docker-compose.yml' and commit both.");
    }

    [Fact]
    public void ANodeNamedLikeAnotherService_IsRefused_WithTheNameToChange()
    {
        var topology = Parse("nodes: [alice, orchestrator]\nchannels:\n  - between: [alice, orchestrator]\n    capacity_msat: 1000\n");

        var result = ComposeFileBuilder.Build(topology, "t.yaml");

        Assert.Null(result.Project);
        Assert.Contains("node name orchestrator is also a service", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherTopology_GetsOneServicePerNode_AndANoteThatTheDemoScenarioDoesNotFitIt()
    {
        var dir = Directory.CreateTempSubdirectory("lnrelay-compose-").FullName;
        try
        {
            var topologies = Directory.CreateDirectory(Path.Combine(dir, ComposeLayout.TopologiesFolder)).FullName;
            var file = Path.Combine(topologies, "three.yaml");
            File.WriteAllText(file, "network: three\nnodes: [ann, ben, cat]\nchannels:\n  - between: [ann, ben]\n    capacity_msat: 1000\n  - between: [ben, cat]\n    capacity_msat: 1000\n    closed: true\n");
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = ComposeCommand.Run(file, null, output, error);

            Assert.Equal(0, exit);
            var compose = ComposeYaml.Parse(output.ToString());
            Assert.Equal(["init", "chain", "ann", "ben", "cat", "orchestrator"], compose.ServiceNames);
            Assert.Equal(["lnrelay", "init", "--topology", "/app/topologies/three.yaml", "--out", "/net", "--hosts", "container", "--keep-existing"], compose["init"].Command);

            // The chain service runs what init built, where network.json's rpc_url points (http://chain:18443), and the nodes follow it.
            Assert.Equal(["lnrelay", "chain", "serve", "--dir", "/net", "--bind", "0.0.0.0"], compose["chain"].Command);
            Assert.Contains("chain:18443", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("# Node ben: channels with ann; closed with cat.", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("the demo's scenario, which needs the nodes alice, bob, carol, dave, eve", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ATopologyOutsideATopologiesFolder_IsAUsageError_ThatSaysWhereToPutIt()
    {
        var file = Path.Combine(Path.GetTempPath(), "elsewhere.yaml");

        var e = Assert.Throws<UsageException>(() => ComposeCommand.Run(file, null, TextWriter.Null, TextWriter.Null));

        Assert.Contains("put '" + file + "' in topologies/", e.Message, StringComparison.Ordinal);
    }

    private static NetworkTopology Parse(string yaml) => TopologyParser.Parse(yaml, "t.yaml").Topology!;

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    private static string At(string[] lines, int i) => i >= 0 && i < lines.Length ? lines[i] : "(end of file)";
}
