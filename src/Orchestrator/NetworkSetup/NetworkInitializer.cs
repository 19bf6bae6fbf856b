using System.Security.Cryptography;
using LnRelay.Chain.Keys;
using LnRelay.Crypto;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.OnChain;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.NetworkSetup;

/// <summary>
/// 'lnrelay init': turns a topology into a network folder. Every key comes from one seed
/// (given, or drawn; docs/chain.md "Keys from one seed"); init builds the regtest chain
/// that funds every channel (<see cref="ChainPlan"/>), whose outputs give the scids. For each
/// node it writes DIR/NAME/ (node.key, api.token, chain-rpc.credentials, funding.keys, logs/)
/// with <see cref="DataFolder.Create"/>: only that node's secrets. The public description is
/// written once, DIR/network.json (or DIR/network.json.gz with <c>gzip</c>), which every node
/// and up, pay and knowledge read (docs/network-file.md), with DIR/seed.hex and DIR/chain.blocks.
/// A file per node would cost N copies of an O(N) file: 1.26 GB at 1,000 nodes.
/// </summary>
internal static class NetworkInitializer
{
    public static InitResult Initialize(NetworkTopology topology, string directory, bool force, HostStyle style, int? basePort, NetworkSeed? seed = null, bool gzip = false, StepTimer? steps = null)
    {
        steps ??= new StepTimer(null);
        var existing = topology.Nodes.Where(n => File.Exists(Path.Combine(directory, n, DataFolder.KeyFileName))).ToList();
        if (existing.Count > 0 && !force)
        {
            return InitResult.Failed($"{directory} already holds keys for {string.Join(", ", existing)}; refusing to replace them. Use another --out folder, or --force to generate new keys (the old ones are lost).");
        }

        var ports = PortPlan.Choose(topology.Nodes.Count, style, basePort, out var portError);
        if (ports is null)
        {
            return InitResult.Failed(portError!);
        }

        seed ??= NetworkSeed.Generate(RandomNumberGenerator.Create());
        var seedKeys = new SeedKeys(seed);
        string? chainError = null;
        var chain = steps.Run("init: building the regtest chain", () => ChainPlan.Build(topology, seedKeys, style, basePort, out chainError));
        if (chain is null)
        {
            return InitResult.Failed(chainError!);
        }

        var keys = steps.Run("init: node keys", () => topology.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => PrivateKey.Create(seedKeys.IdentitySecret(p.i)), StringComparer.Ordinal));
        try
        {
            var dto = Describe(topology, keys, ports, style, chain);
            var errors = new List<string>();
            if (steps.Run("init: checking the network description", () => NetworkValidator.Validate(dto, errors)) is null)
            {
                return InitResult.Failed(string.Join(Environment.NewLine, errors.Select(e => $"the generated network: {e}")));
            }

            Directory.CreateDirectory(directory);
            steps.Run("init: writing the node folders and the chain's files", () =>
            {
                foreach (var name in topology.Nodes)
                {
                    DataFolder.Create(Path.Combine(directory, name), keys[name], DataFolder.NewToken(), overwrite: force);
                }

                NetworkChainFiles.Write(directory, seed, chain, topology);
                return 0;
            });

            // One file for the network; the other form, left by an earlier init, would shadow it or disagree.
            var (write, stale) = gzip ? (NetworkFile.GzipFileName, NetworkFile.FileName) : (NetworkFile.FileName, NetworkFile.GzipFileName);
            steps.Run($"init: writing {write}", () =>
            {
                NetworkFile.Save(Path.Combine(directory, write), dto);
                File.Delete(Path.Combine(directory, stale));
                return 0;
            });
            return new InitResult(dto, null) { Chain = chain, NetworkPath = Path.Combine(directory, write) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return InitResult.Failed($"cannot write {directory}: {e.Message}");
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Now, to the whole second: the chain's start as network.json shows it.</summary>
    private static DateTimeOffset StartOfThisSecond()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>
    /// The network file for a topology, its nodes' keys and ports. With a <paramref name="chain"/>
    /// (init), each channel's scid and funding keys are where its funding output landed and the
    /// height is the chain's tip. Without one (the test networks of tests/SharedNode, which
    /// describe theirs here too), channel i (from 0) gets the scid HEIGHTx(i+1)x0 and a chain
    /// with a block interval follows a schedule from now.
    /// </summary>
    public static NetworkFileDto Describe(NetworkTopology topology, IReadOnlyDictionary<string, PrivateKey> keys, IReadOnlyList<(int Peer, int Api)> ports, HostStyle style, ChainPlan? chain = null) => new()
    {
        Network = topology.Network,
        BlockHeight = chain is null ? topology.BlockHeight : (uint)chain.Chain.Height,
        BlockIntervalSeconds = topology.BlockIntervalSeconds,
        ChainStartedAt = chain is null && topology.BlockIntervalSeconds > 0 ? StartOfThisSecond() : null,
        Chain = chain?.Section,
        Nodes = [.. topology.Nodes.Select((name, i) =>
        {
            var host = style == HostStyle.Container ? name : "127.0.0.1";
            return new NodeDto { Name = name, NodeId = keys[name].PublicKey.ToHex(), Host = host, Port = ports[i].Peer, ControlUrl = $"http://{host}:{ports[i].Api}", Features = topology.FeatureNamesOf(name) };
        })],
        Channels = [.. topology.Channels.Select((c, i) => new ChannelDto
        {
            ShortChannelId = chain?.Channels[i].ShortChannelId ?? $"{topology.BlockHeight}x{i + 1}x0",
            Node1FundingPubkey = chain?.Channels[i].Node1FundingKey.ToHex(),
            Node2FundingPubkey = chain?.Channels[i].Node2FundingKey.ToHex(),
            Node1 = c.Node1,
            Node2 = c.Node2,
            CapacityMsat = c.CapacityMsat,
            Node1BalanceMsat = c.Node1BalanceMsat,
            Node1Policy = c.Node1Policy,
            Node2Policy = c.Node2Policy,
            Closed = c.Closed,
        })],
    };
}

/// <summary>The network file written, or why nothing was.</summary>
internal sealed record InitResult(NetworkFileDto? Network, string? Error)
{
    /// <summary>The chain init built (null when it failed).</summary>
    public ChainPlan? Chain { get; init; }

    /// <summary>The network file written: DIR/network.json or DIR/network.json.gz.</summary>
    public string? NetworkPath { get; init; }

    public bool Succeeded => Error is null;

    public static InitResult Failed(string error) => new(null, error);
}
