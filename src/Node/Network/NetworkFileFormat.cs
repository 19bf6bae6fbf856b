using System.Text.Json;
using System.Text.Json.Serialization;
using LnRelay.Node.Channels;

namespace LnRelay.Node.Network;

// The on-disk shape of network.json (docs/network-file.md). Plain DTOs: every check
// lives in NetworkValidator, which turns them into a NetworkDescription.

/// <summary>network.json, format version 2 (version 2 added the chain: <see cref="Chain"/> and each channel's funding keys).</summary>
public sealed record NetworkFileDto
{
    public string Format { get; init; } = NetworkFile.FormatName;

    public int Version { get; init; } = NetworkFile.CurrentVersion;

    /// <summary>The network's name: the STS handshake prologue, so nodes of different networks cannot connect.</summary>
    public string Network { get; init; } = "";

    /// <summary>The simulated chain's height when the network starts.</summary>
    public uint BlockHeight { get; init; }

    /// <summary>Seconds between blocks of the simulated chain; 0 (or absent): the chain moves only through the control API.</summary>
    public uint BlockIntervalSeconds { get; init; }

    /// <summary>When the chain was at <see cref="BlockHeight"/>: required with a block interval, so every node reads the same schedule.</summary>
    public DateTimeOffset? ChainStartedAt { get; init; }

    /// <summary>The regtest chain behind the channels (docs/chain.md); null for a network described without one (the test networks), whose height follows the schedule above.</summary>
    public ChainDto? Chain { get; init; }

    public List<NodeDto> Nodes { get; init; } = [];

    public List<ChannelDto> Channels { get; init; } = [];
}

/// <summary>Where the network's chain is and how to reach it (docs/network-file.md "chain").</summary>
public sealed record ChainDto
{
    /// <summary>The one <see cref="Kind"/> lnrelay runs.</summary>
    public const string RegtestKind = "regtest";

    /// <summary>Only "regtest".</summary>
    public string Kind { get; init; } = RegtestKind;

    /// <summary>BOLT 7 chain_hash: the genesis block hash in internal byte order, hex.</summary>
    public string ChainHash { get; init; } = "";

    /// <summary>The chain's Bitcoin Core JSON-RPC endpoint, e.g. http://127.0.0.1:18443.</summary>
    public string RpcUrl { get; init; } = "";

    /// <summary>A file holding "user:password" for the RPC's basic auth, relative to the folder holding this network.json.</summary>
    public string RpcCredentialsFile { get; init; } = "";
}

public sealed record NodeDto
{
    public string Name { get; init; } = "";

    /// <summary>33-byte compressed public key, hex.</summary>
    public string NodeId { get; init; } = "";

    public string Host { get; init; } = "";

    public int Port { get; init; }

    /// <summary>Base URL of the node's control API, e.g. http://127.0.0.1:9101.</summary>
    public string ControlUrl { get; init; } = "";

    /// <summary>
    /// What the node announces (BOLT 7 node_announcement features, by name: route_blinding,
    /// point_locks); absent: all of them. The node offers no more at init, and payers route
    /// point-locked payments only through nodes that list point_locks (docs/network-file.md).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Features { get; init; }
}

public sealed record ChannelDto
{
    /// <summary>BOLT 7 "BxTxO" text form, e.g. 800000x1x0.</summary>
    public string ShortChannelId { get; init; } = "";

    public string Node1 { get; init; } = "";

    public string Node2 { get; init; } = "";

    public ulong CapacityMsat { get; init; }

    /// <summary>Node1's starting balance; node2 holds the rest of the capacity.</summary>
    public ulong Node1BalanceMsat { get; init; }

    /// <summary>Node1's funding pubkey (33-byte compressed, hex): one of the two keys of the funding output's 2-of-2. Required with a chain.</summary>
    public string? Node1FundingPubkey { get; init; }

    /// <summary>Node2's funding pubkey.</summary>
    public string? Node2FundingPubkey { get; init; }

    /// <summary>The policy node1 applies to HTLCs it forwards to node2.</summary>
    public PolicyDto Node1Policy { get; init; } = new();

    /// <summary>The policy node2 applies to HTLCs it forwards to node1.</summary>
    public PolicyDto Node2Policy { get; init; } = new();

    /// <summary>
    /// A channel that has closed but is still in everyone's routing graph (gossip not
    /// caught up): payers may route over it; its two ends no longer have it, so an onion
    /// naming it gets unknown_next_peer. With a chain: funded, then closed on chain at init.
    /// </summary>
    public bool Closed { get; init; }
}

/// <summary>A <see cref="ChannelPolicy"/> as network.json writes it; a field left out keeps <see cref="ChannelPolicy.Default"/>'s value.</summary>
public sealed record PolicyDto
{
    public uint FeeBaseMsat { get; init; } = ChannelPolicy.Default.FeeBaseMsat;

    public uint FeeProportionalMillionths { get; init; } = ChannelPolicy.Default.FeeProportionalMillionths;

    public ushort CltvExpiryDelta { get; init; } = ChannelPolicy.Default.CltvExpiryDelta;

    public ulong HtlcMinimumMsat { get; init; } = ChannelPolicy.Default.HtlcMinimumMsat;

    public ulong HtlcMaximumMsat { get; init; } = ChannelPolicy.Default.HtlcMaximumMsat;

    public bool Enabled { get; init; } = ChannelPolicy.Default.Enabled;

    /// <summary>The policy these fields describe, not yet checked (<see cref="ChannelPolicy.Refusals"/>).</summary>
    public ChannelPolicy ToPolicy() => new(FeeBaseMsat, FeeProportionalMillionths, CltvExpiryDelta, HtlcMinimumMsat, HtlcMaximumMsat, Enabled);
}

/// <summary>The JSON settings network.json is read and written with.</summary>
internal static class NetworkJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
