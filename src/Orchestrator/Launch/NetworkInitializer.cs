using LnRelay.Crypto;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Launch;

/// <summary>
/// 'lnrelay init': turns a topology into a network folder. For each node it generates a
/// secret key and an API token and writes DIR/NAME/ (node.key, api.token, network.json,
/// logs/) with <see cref="DataFolder.Create"/>; it also writes DIR/network.json, the same
/// public file, which up, pay and knowledge read. Channels get scids HEIGHTxIxO in the
/// order the topology lists them.
/// </summary>
internal static class NetworkInitializer
{
    public static InitResult Initialize(NetworkTopology topology, string directory, bool force, HostStyle style, int? basePort)
    {
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

        var keys = topology.Nodes.ToDictionary(n => n, _ => PrivateKey.Generate(), StringComparer.Ordinal);
        try
        {
            var dto = Describe(topology, keys, ports, style);
            var errors = new List<string>();
            if (NetworkValidator.Validate(dto, errors) is null)
            {
                return InitResult.Failed(string.Join(Environment.NewLine, errors.Select(e => $"the generated network: {e}")));
            }

            Directory.CreateDirectory(directory);
            foreach (var name in topology.Nodes)
            {
                DataFolder.Create(Path.Combine(directory, name), keys[name], DataFolder.NewToken(), dto, overwrite: force);
            }

            NetworkFile.Save(Path.Combine(directory, NetworkFile.FileName), dto);
            return new InitResult(dto, null);
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
    /// The network file for a topology, its nodes' keys and ports: channel i (from 0) gets
    /// the scid HEIGHTx(i+1)x0, and a chain with a block interval starts now. The test
    /// networks (tests/SharedNode) describe theirs here too, so they follow the same rules.
    /// </summary>
    public static NetworkFileDto Describe(NetworkTopology topology, IReadOnlyDictionary<string, PrivateKey> keys, IReadOnlyList<(int Peer, int Api)> ports, HostStyle style) => new()
    {
        Network = topology.Network,
        BlockHeight = topology.BlockHeight,
        BlockIntervalSeconds = topology.BlockIntervalSeconds,
        ChainStartedAt = topology.BlockIntervalSeconds > 0 ? StartOfThisSecond() : null,
        Nodes = [.. topology.Nodes.Select((name, i) =>
        {
            var host = style == HostStyle.Container ? name : "127.0.0.1";
            return new NodeDto { Name = name, NodeId = keys[name].PublicKey.ToHex(), Host = host, Port = ports[i].Peer, ControlUrl = $"http://{host}:{ports[i].Api}" };
        })],
        Channels = [.. topology.Channels.Select((c, i) => new ChannelDto
        {
            ShortChannelId = $"{topology.BlockHeight}x{i + 1}x0",
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
    public bool Succeeded => Error is null;

    public static InitResult Failed(string error) => new(null, error);
}
