using System.CommandLine;
using System.Text.RegularExpressions;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Compose;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Tests.Network;
using LnRelay.Orchestrator.Topology;
using Microsoft.Extensions.Configuration;

namespace LnRelay.Orchestrator.Tests.Compose;

/// <summary>
/// The committed docker-compose.yml, read as YAML, against the topology it runs, the real
/// command lines of lnrelay and lnrelay-node, and the Dockerfile it builds: what CI can
/// check without a Docker engine.
/// </summary>
public sealed partial class ComposeAgreementTests
{
    private static readonly string Root = TopologyParserTests.FindRepositoryRoot();
    private static readonly NetworkTopology Topology = TopologyParser.Load(ComposeFileTests.TopologyFile).Topology!;
    private static readonly ComposeYaml Compose = ComposeYaml.Parse(File.ReadAllText(ComposeFileTests.CommittedFile));

    [Fact]
    public void TheServicesAreInit_TheChain_OnePerTopologyNode_AndTheOrchestrator_AllFromTheOneImage()
    {
        Assert.Equal(["init", "chain", .. Topology.Nodes, "orchestrator"], Compose.ServiceNames);
        Assert.Equal(["network", "logs"], Compose.Volumes);
        Assert.All(Compose.Services, s => Assert.Equal((".", "lnrelay"), (s.Build, s.Image)));
    }

    [Fact]
    public void EveryLnrelayCommand_ParsesWithTheRealCli_AndNamesAVerbThatExists()
    {
        var commands = Compose.Services.Where(s => s.Command[0] == "lnrelay").ToList();
        Assert.Equal(["init", "chain", "orchestrator"], commands.Select(s => s.Name));
        foreach (var service in commands)
        {
            var parse = LnRelayCli.Build().Parse(service.Command.Skip(1).ToArray());

            Assert.True(parse.Errors.Count == 0, $"{service.Name}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            // A verb, or a group and its verb (chain serve).
            Assert.Contains(parse.CommandResult.Command.Name, service.Command.Skip(1).Take(2));
            Assert.NotNull(parse.CommandResult.Command.Action);
        }
    }

    [Fact]
    public void Init_WritesTheTopologyTheImageHolds_ForContainers_IntoTheNetworkVolume_AndKeepsAnExistingOne()
    {
        var init = Compose["init"];
        var parse = LnRelayCli.Build().Parse(init.Command.Skip(1).ToArray());

        var topology = parse.GetValue<string>("--topology")!;
        Assert.StartsWith(ComposeLayout.ImageTopologies + "/", topology, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, ComposeLayout.TopologiesFolder, Path.GetFileName(topology))), $"{topology} is not in the repository's topologies/.");
        Assert.Equal(HostStyle.Container, parse.GetValue<HostStyle>("--hosts"));
        Assert.True(parse.GetValue<bool>("--keep-existing"), "init runs on every 'up' and before every 'run': without --keep-existing the second time fails (or, with --force, re-keys running nodes).");
        Assert.Equal((ComposeLayout.NetworkVolume, false), init.Mounts[parse.GetValue<string>("--out")!]);
        Assert.Empty(init.DependsOn);
        Assert.True(init.HealthCheckOff);
    }

    [Fact]
    public void EveryNode_RunsLnrelayNode_WithOnlyItsOwnDataFolder_ReadOnly_AndItsLogInTheLogsVolume()
    {
        foreach (var name in Topology.Nodes)
        {
            var node = Compose[name];
            Assert.Equal("lnrelay-node", node.Command[0]);
            var args = node.Command.Skip(1).ToArray();
            Assert.All(args.Where((_, i) => i % 2 == 0), s => Assert.True(NodeSettings.SwitchMappings.ContainsKey(s), $"{name}: lnrelay-node has no switch {s}."));
            var settings = NodeSettings.Bind(new ConfigurationBuilder().AddCommandLine(args, NodeSettings.SwitchMappings).Build(), out var errors);

            Assert.True(settings is not null, $"{name}: {string.Join("; ", errors)}");
            Assert.Equal($"{ComposeLayout.NetworkMount}/{name}", settings.DataDir);
            Assert.Equal((ComposeLayout.NetworkVolume, true), node.Mounts[ComposeLayout.NetworkMount]);
            Assert.Equal((ComposeLayout.LogsVolume, false), node.Mounts[settings.LogDirectory!]);
            Assert.Equal(System.Net.IPAddress.Any, settings.ApiBind);
            Assert.Equal(System.Net.IPAddress.Any, settings.PeerBind);
            Assert.False(node.HealthCheckOff, $"{name} must keep the image's health check: the orchestrator waits for it.");
        }
    }

    [Fact]
    public void NodesStartAfterInitCompletedAndTheChainStarted_AndTheOrchestratorAfterEveryNodeIsHealthy()
    {
        Assert.All(Topology.Nodes, n => Assert.Equal(new Dictionary<string, string> { ["init"] = "service_completed_successfully", ["chain"] = "service_started" }, Compose[n].DependsOn));
        Assert.Equal(new Dictionary<string, string> { ["init"] = "service_completed_successfully" }, Compose["chain"].DependsOn);
        var orchestrator = Compose["orchestrator"];
        Assert.Equal(Topology.Nodes.Order(), orchestrator.DependsOn.Keys.Order());
        Assert.All(orchestrator.DependsOn.Values, c => Assert.Equal("service_healthy", c));
        Assert.True(orchestrator.HealthCheckOff);
    }

    [Fact]
    public void TheOrchestrator_AttachesToTheNetworkVolume_AndReadsTheLogsTheNodesWrite()
    {
        var orchestrator = Compose["orchestrator"];
        var parse = LnRelayCli.Build().Parse(orchestrator.Command.Skip(1).ToArray());

        Assert.Equal("demo", parse.CommandResult.Command.Name);
        Assert.Equal((ComposeLayout.NetworkVolume, false), orchestrator.Mounts[parse.GetValue<string>("--attach")!]);
        Assert.Equal((ComposeLayout.LogsVolume, true), orchestrator.Mounts[parse.GetValue<string>("--logs")!]);
    }

    [Fact]
    public void TheDockerfile_ChecksTheApiPortInitWrites_OwnsTheMountPoints_AndHoldsTheTopologies()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));

        var check = HealthCheck().Match(dockerfile);
        Assert.True(check.Success, "The Dockerfile has no HEALTHCHECK asking http://127.0.0.1:PORT/v1/health.");
        Assert.Equal(PortPlan.ContainerApiPort, int.Parse(check.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"mkdir -p {ComposeLayout.NetworkMount} {ComposeLayout.LogsMount}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"chown lnrelay:lnrelay {ComposeLayout.NetworkMount} {ComposeLayout.LogsMount}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"COPY {ComposeLayout.TopologiesFolder}/ {ComposeLayout.ImageTopologies}/", dockerfile, StringComparison.Ordinal);
        // The native libraries come from NuGet inside /app: the image installs curl, for the health check, and nothing else (docs/docker.md).
        Assert.Single(Regex.Matches(dockerfile, @"apt-get install"));
        Assert.Matches(@"apt-get install -y --no-install-recommends curl \\\n", dockerfile);
        Assert.DoesNotContain("libsecp256k1-", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("libsodium2", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^USER lnrelay$", dockerfile);
        Assert.Matches(@"(?m)^ARG SDK_IMAGE=mcr\.microsoft\.com/dotnet/sdk:10\.0$", dockerfile);
        Assert.Matches(@"(?m)^ARG RUNTIME_IMAGE=mcr\.microsoft\.com/dotnet/aspnet:10\.0$", dockerfile);
    }

    [Fact]
    public void EveryOrchestratorCommandInTheDocs_ParsesWithTheRealCli()
    {
        var lines = new[] { "README.md", "docs/docker.md" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(Root, f)).Select(l => (File: f, Line: l)))
            .Select(l => (l.File, Match: RunLine().Match(l.Line)))
            .Where(l => l.Match.Success)
            .ToList();

        Assert.True(lines.Count >= 6, "README.md and docs/docker.md should show 'docker compose run --rm orchestrator lnrelay ...' examples.");
        foreach (var (file, match) in lines)
        {
            var args = match.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var parse = LnRelayCli.Build().Parse(args);
            Assert.True(parse.Errors.Count == 0, $"{file}: 'lnrelay {match.Groups["args"].Value}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [GeneratedRegex(@"HEALTHCHECK[^\n]*\n?[^\n]*http://127\.0\.0\.1:(?<port>\d+)/v1/health")]
    private static partial Regex HealthCheck();

    // A command line in a code block: the line starts with it; a trailing '# comment' is not part of it.
    [GeneratedRegex(@"^docker(?:-| )compose run --rm orchestrator lnrelay (?<args>[^#]+?)\s*(?:#.*)?$")]
    private static partial Regex RunLine();
}
