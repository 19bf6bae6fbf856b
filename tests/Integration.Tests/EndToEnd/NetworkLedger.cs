using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>One end of one channel as its node reports it (GET /v1/channels).</summary>
internal sealed record ChannelEnd(
    string Node,
    string Scid,
    string Peer,
    ulong CapacityMsat,
    ulong LocalBalanceMsat,
    ulong RemoteBalanceMsat,
    int HtlcsOffered,
    ulong OfferedMsat,
    int HtlcsReceived,
    ulong ReceivedMsat)
{
    public static ChannelEnd Of(string node, JsonElement c) => new(
        node,
        c.GetProperty("short_channel_id").GetString()!,
        c.GetProperty("peer").GetString()!,
        c.GetProperty("capacity_msat").GetUInt64(),
        c.GetProperty("local_balance_msat").GetUInt64(),
        c.GetProperty("remote_balance_msat").GetUInt64(),
        c.GetProperty("htlcs_offered").GetInt32(),
        c.GetProperty("offered_msat").GetUInt64(),
        c.GetProperty("htlcs_received").GetInt32(),
        c.GetProperty("received_msat").GetUInt64());
}

/// <summary>
/// Every channel end of every node at one moment, read through the control APIs, and
/// the conservation checks: the two ends of a channel agree, each end's balances and
/// HTLCs add up to the capacity, and money only moves between nodes.
/// </summary>
internal sealed class NetworkLedger
{
    private NetworkLedger(IReadOnlyList<ChannelEnd> ends) => Ends = ends;

    public IReadOnlyList<ChannelEnd> Ends { get; }

    /// <summary>Money in the network: what every end holds plus what it has offered and not yet resolved.</summary>
    public ulong TotalMsat => Ends.Aggregate(0UL, (sum, e) => checked(sum + e.LocalBalanceMsat + e.OfferedMsat));

    /// <summary>The capacity of every open channel, counted once.</summary>
    public ulong CapacityMsat => Ends.GroupBy(e => e.Scid).Aggregate(0UL, (sum, g) => checked(sum + g.First().CapacityMsat));

    public int HtlcsInFlight => Ends.Sum(e => e.HtlcsOffered + e.HtlcsReceived);

    public static async Task<NetworkLedger> ReadAsync(TestNetwork net, IEnumerable<string>? nodes = null)
    {
        var ends = new List<ChannelEnd>();
        foreach (var node in nodes ?? net.Names)
        {
            var channels = await net.ChannelsAsync(node);
            ends.AddRange(channels.EnumerateArray().Select(c => ChannelEnd.Of(node, c)));
        }

        return new NetworkLedger(ends);
    }

    /// <summary>The sum of the node's local balances over its channels.</summary>
    public ulong BalanceOf(string node) => Ends.Where(e => e.Node == node).Aggregate(0UL, (sum, e) => checked(sum + e.LocalBalanceMsat));

    public ChannelEnd End(string node, string peer) => Ends.Single(e => e.Node == node && e.Peer == peer);

    /// <summary>What breaks conservation within this snapshot: ends that do not add up to the capacity, or two ends of a channel that disagree.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var e in Ends)
        {
            if (checked(e.LocalBalanceMsat + e.RemoteBalanceMsat + e.OfferedMsat + e.ReceivedMsat) != e.CapacityMsat)
            {
                problems.Add($"{e.Node}'s end of {e.Scid} does not add up to its capacity: {e}");
            }
        }

        foreach (var channel in Ends.GroupBy(e => e.Scid))
        {
            if (channel.Count() != 2)
            {
                problems.Add($"{channel.Key} has {channel.Count()} end(s), expected 2");
                continue;
            }

            var (a, b) = (channel.First(), channel.Last());
            if (a.LocalBalanceMsat != b.RemoteBalanceMsat || a.RemoteBalanceMsat != b.LocalBalanceMsat
                || a.HtlcsOffered != b.HtlcsReceived || a.OfferedMsat != b.ReceivedMsat || a.HtlcsReceived != b.HtlcsOffered)
            {
                problems.Add($"the ends of {channel.Key} disagree: {a} / {b}");
            }
        }

        return problems;
    }

    /// <summary>
    /// The whole conservation check of a snapshot of every node against one taken before:
    /// nothing in <see cref="Problems"/>, no HTLC in flight, the money in the network unchanged
    /// and equal to the channels' capacity, and each node's balance moved by exactly what
    /// <paramref name="expected"/> says (<see cref="RouteFees.Deltas"/>; a node it leaves out, by nothing).
    /// </summary>
    public void AssertConservedSince(NetworkLedger before, IReadOnlyDictionary<string, long> expected, string context = "")
    {
        var problems = Problems();
        Assert.True(problems.Count == 0, $"{context}{string.Join("; ", problems)}");
        Assert.True(HtlcsInFlight == 0, $"{context}HTLCs in flight on {string.Join("; ", Ends.Where(e => e.HtlcsOffered + e.HtlcsReceived > 0))}");
        Assert.True(TotalMsat == before.TotalMsat, $"{context}the network holds {TotalMsat} msat, it held {before.TotalMsat}");
        Assert.True(TotalMsat == CapacityMsat, $"{context}the network holds {TotalMsat} msat in channels of {CapacityMsat}");
        var deltas = DeltasSince(before);
        var wrong = deltas.Keys.Union(expected.Keys)
            .Where(n => deltas.GetValueOrDefault(n) != expected.GetValueOrDefault(n))
            .Select(n => $"{n}'s balance moved by {deltas.GetValueOrDefault(n)} msat, expected {expected.GetValueOrDefault(n)}")
            .ToList();
        Assert.True(wrong.Count == 0, context + string.Join("; ", wrong));
    }

    /// <summary>Reads every node and makes <see cref="AssertConservedSince"/>'s check; returns the snapshot.</summary>
    public static async Task<NetworkLedger> AssertConservedAsync(TestNetwork net, NetworkLedger before, IReadOnlyDictionary<string, long> expected)
    {
        var after = await ReadAsync(net);
        after.AssertConservedSince(before, expected);
        return after;
    }

    /// <summary>Each node's balance change from <paramref name="before"/> to this snapshot.</summary>
    public IReadOnlyDictionary<string, long> DeltasSince(NetworkLedger before) =>
        Ends.Select(e => e.Node).Distinct().ToDictionary(n => n, n => checked((long)BalanceOf(n) - (long)before.BalanceOf(n)), StringComparer.Ordinal);
}
