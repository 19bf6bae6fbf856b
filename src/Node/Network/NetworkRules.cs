using LnRelay.Node.Channels;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Node.Network;

/// <summary>
/// The rules a network file and a topology share, over names, channel ends, capacities,
/// balances and policies, written once. Each returns the rule broken (or null); the reader of
/// the file turns a refusal into its own message: <see cref="NetworkValidator"/> with the JSON
/// path of network.json, the CLI's topology validator with the YAML file's line and column
/// (docs/architecture.md "Node's contract with the CLI"). A policy's rules are
/// <see cref="ChannelPolicy.Refusals"/>.
/// </summary>
public static class NetworkRules
{
    /// <summary>The smallest capacity a channel may have, in msat.</summary>
    public const ulong MinCapacityMsat = 1;

    /// <summary>The largest capacity a channel may have: every bitcoin there will be (BOLT 4's 21 million BTC in msat).</summary>
    public const ulong MaxCapacityMsat = HopPayloadTypes.MaxMsat;

    /// <summary>What a node name must be, for a message: the rule of <see cref="IsValidName"/>.</summary>
    public const string NameRule = "must be 1-32 characters of a-z, 0-9, '-' or '_', starting with a letter";

    /// <summary>True for a name of 1-32 characters of a-z, 0-9, '-' or '_' that starts with a letter.</summary>
    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 32
        && char.IsAsciiLetterLower(name[0])
        && name.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '-' or '_');

    /// <summary>A node's name against the names before it: <see cref="NetworkRefusal.InvalidName"/> or <see cref="NetworkRefusal.DuplicateName"/>.</summary>
    public static NetworkRefusal? NodeName(string name, Func<string, bool> alreadyNamed) =>
        !IsValidName(name) ? NetworkRefusal.InvalidName
        : alreadyNamed(name) ? NetworkRefusal.DuplicateName
        : null;

    /// <summary>One end of a channel: it must be one of the nodes.</summary>
    public static NetworkRefusal? End(string name, Func<string, bool> isNode) =>
        isNode(name) ? null : NetworkRefusal.UnknownNode;

    /// <summary>A channel's two (known) ends: they must differ.</summary>
    public static NetworkRefusal? Ends(string node1, string node2) =>
        string.Equals(node1, node2, StringComparison.Ordinal) ? NetworkRefusal.SameNodeTwice : null;

    /// <summary>A channel's capacity: from <see cref="MinCapacityMsat"/> to <see cref="MaxCapacityMsat"/>.</summary>
    public static NetworkRefusal? Capacity(ulong capacityMsat) =>
        capacityMsat is < MinCapacityMsat or > MaxCapacityMsat ? NetworkRefusal.CapacityOutOfRange : null;

    /// <summary>What one end holds: at most the capacity.</summary>
    public static NetworkRefusal? Balance(ulong balanceMsat, ulong capacityMsat) =>
        balanceMsat > capacityMsat ? NetworkRefusal.BalanceOverCapacity : null;

    /// <summary>Both ends' balances, when both are given: they add up to the capacity.</summary>
    public static NetworkRefusal? Balances(ulong node1Msat, ulong node2Msat, ulong capacityMsat) =>
        (UInt128)node1Msat + node2Msat != capacityMsat ? NetworkRefusal.BalancesNotCapacity : null;
}

/// <summary>A rule of <see cref="NetworkRules"/> that a network file or a topology breaks.</summary>
public enum NetworkRefusal
{
    /// <summary>A node name that is not 1-32 characters of a-z, 0-9, '-' or '_' starting with a letter.</summary>
    InvalidName,

    /// <summary>Two nodes with one name.</summary>
    DuplicateName,

    /// <summary>A channel end that names no node.</summary>
    UnknownNode,

    /// <summary>A channel whose two ends are one node.</summary>
    SameNodeTwice,

    /// <summary>A capacity of 0 or above 21 million BTC.</summary>
    CapacityOutOfRange,

    /// <summary>An end holding more than the channel's capacity.</summary>
    BalanceOverCapacity,

    /// <summary>Both ends' balances given, not adding up to the capacity.</summary>
    BalancesNotCapacity,
}
