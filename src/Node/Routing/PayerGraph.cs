using System.Collections.Concurrent;
using LnRelay.Node.Channels;
using LnRelay.Sphinx;

namespace LnRelay.Node.Routing;

/// <summary>
/// One payer's view for pathfinding: the process's shared, immutable <see cref="ChannelGraph"/>
/// and a small overlay of what this node learned itself, which only it reads:
/// <list type="bullet">
/// <item>channels its chain follower says are gone or never were (docs/chain.md "How a payer
/// learns of a close"): left out of every route;</item>
/// <item>policies learned from channel_updates (<see cref="Learn"/>), newest first: every
/// later route uses them. The payer does not call it yet: it applies a failure's update to
/// that payment's retries only, which the demo's scenario expects.</item>
/// </list>
/// Read by pathfinding on any thread while the follower and the payer write.
/// </summary>
public sealed class PayerGraph(ChannelGraph shared)
{
    private readonly ConcurrentDictionary<ulong, bool> _forgotten = new();
    private readonly ConcurrentDictionary<(ulong Scid, string From), LearnedPolicy> _learned = new();

    public ChannelGraph Shared { get; } = shared;

    public Network.NetworkDescription Network => Shared.Network;

    /// <summary>Edges that arrive at <paramref name="nodeName"/>, without the forgotten ones.</summary>
    public IReadOnlyList<GraphEdge> EdgesInto(string nodeName)
    {
        var edges = Shared.EdgesInto(nodeName);
        return _forgotten.IsEmpty ? edges : [.. edges.Where(e => !_forgotten.ContainsKey(e.ShortChannelId.Value))];
    }

    /// <summary>The policy this payer routes <paramref name="edge"/> with: the newest it learned, else the graph's.</summary>
    public ChannelPolicy PolicyOf(GraphEdge edge) =>
        _learned.IsEmpty || !_learned.TryGetValue((edge.ShortChannelId.Value, edge.From.Name), out var learned) ? edge.Policy : learned.Policy;

    /// <summary>The policy this payer knows for HTLCs leaving <paramref name="from"/> over <paramref name="scid"/>; null for a channel the network does not have.</summary>
    public ChannelPolicy? PolicyOf(ShortChannelId scid, string from) =>
        _learned.TryGetValue((scid.Value, from), out var learned) ? learned.Policy : Network.FindChannel(scid)?.PolicyFrom(from);

    /// <summary>Keeps a policy from a verified channel_update unless one at least as new is known (BOLT 7: a newer timestamp replaces).</summary>
    public void Learn(ShortChannelId scid, string from, ChannelPolicy policy, uint timestamp) =>
        _learned.AddOrUpdate((scid.Value, from), new LearnedPolicy(policy, timestamp), (_, known) => timestamp > known.Timestamp ? new LearnedPolicy(policy, timestamp) : known);

    /// <summary>How many policies this payer has learned.</summary>
    public int LearnedPolicies => _learned.Count;

    /// <summary>Drops a channel from pathfinding: its funding output failed the chain's checks, or was spent long enough ago (BOLT 7).</summary>
    public void Forget(ShortChannelId scid) => _forgotten[scid.Value] = true;

    public bool IsForgotten(ShortChannelId scid) => _forgotten.ContainsKey(scid.Value);

    private sealed record LearnedPolicy(ChannelPolicy Policy, uint Timestamp);
}
