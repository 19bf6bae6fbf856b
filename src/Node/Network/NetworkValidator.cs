using LnRelay.Crypto;
using LnRelay.Node.Chain;
using LnRelay.Node.Channels;
using LnRelay.Sphinx;

namespace LnRelay.Node.Network;

/// <summary>
/// Checks a <see cref="NetworkFileDto"/> and builds the typed, validated description. The rules a
/// topology shares (names, ends, capacity, balance, policy) are <see cref="NetworkRules"/> and
/// <see cref="ChannelPolicy.Refusals"/>; the rest (ids, ports, URLs, scids, the chain) are the file's own.
/// </summary>
public static class NetworkValidator
{
    /// <summary>The highest block height a network may start at: one below the largest HTLC expiry a channel accepts (BOLT 2 "Adding an HTLC": cltv_expiry below 500,000,000).</summary>
    public const ulong MaxBlockHeight = ChannelState.MaxCltvExpiry - 1;

    /// <summary>The longest block interval of a simulated chain, in seconds (a day).</summary>
    public const uint MaxBlockIntervalSeconds = ChainClock.MaxBlockIntervalSeconds;

    public static NetworkDescription? Validate(NetworkFileDto dto, List<string> errors)
    {
        if (dto.Format != NetworkFile.FormatName)
        {
            errors.Add($"format is '{dto.Format}', expected '{NetworkFile.FormatName}'.");
        }

        if (dto.Version != NetworkFile.CurrentVersion)
        {
            errors.Add($"version {dto.Version} is not supported; this build reads version {NetworkFile.CurrentVersion}. Regenerate the file with 'lnrelay init'.");
        }

        if (string.IsNullOrWhiteSpace(dto.Network))
        {
            errors.Add("network: a name is required (it is the transport's prologue).");
        }

        var source = dto.Chain is null ? null : ChainSection.Validate(dto.Chain, Math.Min(dto.BlockIntervalSeconds, ChainClock.MaxBlockIntervalSeconds), errors);
        ChainClock? chain = null;
        if (dto.BlockIntervalSeconds > ChainClock.MaxBlockIntervalSeconds)
        {
            errors.Add($"block_interval_seconds: at most {ChainClock.MaxBlockIntervalSeconds} (a day), or 0 for a chain that moves only through POST /v1/chain/height (got {dto.BlockIntervalSeconds}).");
        }
        else if (dto.Chain is not null)
        {
            // With a chain, the height comes from it (docs/chain.md); block_interval_seconds is the miner's.
        }
        else if (dto.BlockIntervalSeconds > 0 && dto.ChainStartedAt is null)
        {
            errors.Add("chain_started_at: required with block_interval_seconds (when the chain was at block_height, e.g. \"2026-11-21T09:00:00Z\"); 'lnrelay init' writes it.");
        }
        else if (dto.BlockIntervalSeconds > 0)
        {
            chain = new ChainClock(dto.BlockHeight, dto.ChainStartedAt!.Value, TimeSpan.FromSeconds(dto.BlockIntervalSeconds));
        }

        var nodes = new Dictionary<string, NetworkNode>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < dto.Nodes.Count; i++)
        {
            var n = dto.Nodes[i];
            var where = $"nodes[{i}] ({n.Name})";
            if (NetworkRules.NodeName(n.Name, nodes.ContainsKey) is { } nameRefusal)
            {
                errors.Add(nameRefusal == NetworkRefusal.InvalidName
                    ? $"nodes[{i}].name '{n.Name}' {NetworkRules.NameRule}."
                    : $"{where}: the name is used twice.");
                continue;
            }

            if (!PublicKey.TryParseHex(n.NodeId, out var nodeId))
            {
                errors.Add($"{where}.node_id: not a 33-byte compressed secp256k1 public key in hex.");
                continue;
            }

            if (!ids.Add(n.NodeId))
            {
                errors.Add($"{where}.node_id: the same node id is used by another node.");
            }

            if (string.IsNullOrWhiteSpace(n.Host))
            {
                errors.Add($"{where}.host: required.");
            }

            if (n.Port is < 1 or > 65535)
            {
                errors.Add($"{where}.port: {n.Port} is not a TCP port (1-65535).");
            }

            if (!Uri.TryCreate(n.ControlUrl, UriKind.Absolute, out var control) || (control.Scheme != Uri.UriSchemeHttp && control.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{where}.control_url: '{n.ControlUrl}' is not an absolute http(s) URL.");
                continue;
            }

            if (!Features(n.Features, $"{where}.features", errors, out var features))
            {
                continue;
            }

            nodes[n.Name] = new NetworkNode(n.Name, nodeId, n.Host, n.Port, control) { Features = features };
        }

        var channels = new List<NetworkChannel>();
        var scids = new HashSet<ulong>();
        for (var i = 0; i < dto.Channels.Count; i++)
        {
            var c = dto.Channels[i];
            var where = $"channels[{i}] ({c.ShortChannelId})";
            var ok = true;
            if (!ShortChannelId.TryParse(c.ShortChannelId, out var scid))
            {
                errors.Add($"channels[{i}].short_channel_id: '{c.ShortChannelId}' is not of the form BLOCKxTXxOUTPUT (e.g. 800000x1x0).");
                ok = false;
            }
            else if (!scids.Add(scid.Value))
            {
                errors.Add($"{where}: the short_channel_id is used by another channel.");
                ok = false;
            }

            ok &= Known(nodes, c.Node1, $"{where}.node1", errors, out var node1);
            ok &= Known(nodes, c.Node2, $"{where}.node2", errors, out var node2);
            if (ok && NetworkRules.Ends(node1!.Name, node2!.Name) is not null)
            {
                errors.Add($"{where}: a channel needs two different nodes.");
                ok = false;
            }

            if (NetworkRules.Capacity(c.CapacityMsat) is not null)
            {
                errors.Add($"{where}.capacity_msat: must be between {NetworkRules.MinCapacityMsat} and {NetworkRules.MaxCapacityMsat} (21 million BTC).");
                ok = false;
            }
            else if (NetworkRules.Balance(c.Node1BalanceMsat, c.CapacityMsat) is not null)
            {
                errors.Add($"{where}.node1_balance_msat: {c.Node1BalanceMsat} exceeds the capacity {c.CapacityMsat}.");
                ok = false;
            }

            ok &= Policy(c.Node1Policy, $"{where}.node1_policy", errors, out var p1);
            ok &= Policy(c.Node2Policy, $"{where}.node2_policy", errors, out var p2);
            ok &= ChainSection.FundingKey(c.Node1FundingPubkey, dto.Chain is not null, $"{where}.node1_funding_pubkey", errors, out var key1);
            ok &= ChainSection.FundingKey(c.Node2FundingPubkey, dto.Chain is not null, $"{where}.node2_funding_pubkey", errors, out var key2);
            if (ok)
            {
                channels.Add(new NetworkChannel(scid, node1!, node2!, c.CapacityMsat, c.Node1BalanceMsat, p1!, p2!, c.Closed) { Node1FundingKey = key1, Node2FundingKey = key2 });
            }
        }

        return errors.Count == 0 ? new NetworkDescription(dto.Network, dto.BlockHeight, nodes.Values.ToList(), channels) { Chain = chain, ChainSource = source } : null;
    }

    /// <summary>The node-name rule; written once in <see cref="NetworkRules.IsValidName"/>.</summary>
    public static bool IsValidName(string name) => NetworkRules.IsValidName(name);

    /// <summary>A node's announced features by name; absent means <see cref="NodeFeatures.Default"/>.</summary>
    public static bool Features(IReadOnlyList<string>? names, string where, List<string> errors, out NodeFeatures features)
    {
        features = names is null ? NodeFeatures.Default : NodeFeatures.None;
        var ok = true;
        foreach (var name in names ?? [])
        {
            if (!NodeFeatureNames.TryParse(name, out var feature))
            {
                errors.Add($"{where}: unknown feature '{name}'; a node announces any of {string.Join(", ", NodeFeatureNames.All)} (leave 'features' out for all of them).");
                ok = false;
            }
            else if (features.HasFlag(feature))
            {
                errors.Add($"{where}: '{name}' is listed twice.");
                ok = false;
            }

            features |= feature;
        }

        return ok;
    }

    private static bool Known(Dictionary<string, NetworkNode> nodes, string name, string where, List<string> errors, out NetworkNode? node)
    {
        if (NetworkRules.End(name, nodes.ContainsKey) is null)
        {
            node = nodes[name];
            return true;
        }

        node = null;

        errors.Add($"{where}: '{name}' is not one of the nodes ({string.Join(", ", nodes.Keys)}).");
        return false;
    }

    private static bool Policy(PolicyDto p, string where, List<string> errors, out ChannelPolicy? policy)
    {
        var candidate = p.ToPolicy();
        var refusals = candidate.Refusals();
        foreach (var refusal in refusals)
        {
            errors.Add($"{where}.{refusal.Field()}: {refusal.Describe(candidate)}.");
        }

        policy = refusals.Count == 0 ? candidate : null;
        return policy is not null;
    }
}
