using System.Security.Cryptography;
using System.Text;
using LnRelay.Chain.Blocks;
using LnRelay.Chain.Keys;
using LnRelay.Crypto;
using LnRelay.Node.Chain;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.OnChain;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// What 'lnrelay init' would write for a network running in a cluster, held in memory: the
/// public network.json (each node's host and ports from its <see cref="NodePlacement"/>), the
/// chain init builds, and every secret file, which the manifests put into Secrets. Unlike
/// init it writes no per-node copy of network.json: at 10,000 nodes those copies would take
/// about 126 GB. The files are written once through the same writers init uses (in a private
/// temporary folder, deleted before returning), so their formats cannot drift apart.
/// </summary>
internal sealed record ClusterNetwork(
    NetworkFileDto Network,
    byte[] NetworkJson,
    byte[] ChainBlocks,
    IReadOnlyDictionary<string, byte[]> ChainSecrets,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>> NodeSecrets)
{
    /// <summary>The files of a node's data folder that are secret, as the Secrets hold them.</summary>
    public static readonly string[] NodeSecretFiles = [DataFolder.KeyFileName, DataFolder.TokenFileName, NetworkChainFiles.CredentialsFileName, FundingKeyFile.FileName];

    public static ClusterNetwork? Build(NetworkTopology topology, IReadOnlyDictionary<string, NodePlacement> placements, NetworkSeed? seed, out string? error)
    {
        seed ??= NetworkSeed.Generate(RandomNumberGenerator.Create());
        var seedKeys = new SeedKeys(seed);
        var chain = ChainPlan.Build(topology, seedKeys, HostStyle.Container, basePort: null, out error);
        if (chain is null)
        {
            return null;
        }

        var keys = topology.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => PrivateKey.Create(seedKeys.IdentitySecret(p.i)), StringComparer.Ordinal);
        var temp = Directory.CreateTempSubdirectory("lnrelay-k8s-");
        try
        {
            var ports = topology.Nodes.Select(n => (placements[n].PeerPort, placements[n].ApiPort)).ToList();
            var described = NetworkInitializer.Describe(topology, keys, ports, HostStyle.Container, chain);
            var dto = described with
            {
                Nodes = [.. described.Nodes.Select(n => n with { Host = placements[n.Name].Host, ControlUrl = $"http://{placements[n.Name].Host}:{placements[n.Name].ApiPort}" })],
            };
            var errors = new List<string>();
            if (NetworkValidator.Validate(dto, errors) is null)
            {
                error = string.Join(Environment.NewLine, errors.Select(e => $"the generated network: {e}"));
                return null;
            }

            foreach (var name in topology.Nodes)
            {
                var folder = Directory.CreateDirectory(Path.Combine(temp.FullName, name)).FullName;
                KeyFile.Write(Path.Combine(folder, DataFolder.KeyFileName), keys[name], overwrite: false);
                SecretFile.Write(Path.Combine(folder, DataFolder.TokenFileName), Encoding.ASCII.GetBytes(DataFolder.NewToken() + "\n"), overwrite: false);
            }

            NetworkChainFiles.Write(temp.FullName, seed, chain, topology);
            NetworkFile.Save(Path.Combine(temp.FullName, NetworkFile.FileName), dto);
            var nodeSecrets = topology.Nodes.ToDictionary(
                n => n,
                n => (IReadOnlyDictionary<string, byte[]>)NodeSecretFiles.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(temp.FullName, n, f)), StringComparer.Ordinal),
                StringComparer.Ordinal);
            var chainSecrets = new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [NetworkSeed.FileName] = File.ReadAllBytes(NetworkChainFiles.SeedFile(temp.FullName)),
                [NetworkChainFiles.CredentialsFileName] = File.ReadAllBytes(NetworkChainFiles.CredentialsFile(temp.FullName)),
            };
            error = null;
            return new ClusterNetwork(
                dto,
                File.ReadAllBytes(Path.Combine(temp.FullName, NetworkFile.FileName)),
                File.ReadAllBytes(Path.Combine(temp.FullName, ChainFile.FileName)),
                chainSecrets,
                nodeSecrets);
        }
        finally
        {
            temp.Delete(recursive: true);
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }
}
