using LnRelay.Crypto;

namespace LnRelay.Node.Gossip;

/// <summary>
/// Which end of a channel is <c>node_id_1</c>: the one whose 33-byte compressed node id
/// is lexicographically lesser (BOLT 7 "The channel_announcement Message"). It fixes
/// <c>channel_update</c>'s direction bit and so which key verifies it.
/// </summary>
internal static class NodeIdOrder
{
    /// <summary>
    /// True if <paramref name="node"/> is <c>node_id_1</c> of a channel with
    /// <paramref name="otherEnd"/>. Two equal ids are not a channel: that is a bug and throws.
    /// </summary>
    public static bool IsNodeId1(PublicKey node, PublicKey otherEnd)
    {
        Span<byte> a = stackalloc byte[KeySizes.CompressedPublicKey];
        Span<byte> b = stackalloc byte[KeySizes.CompressedPublicKey];
        node.WriteCompressed(a);
        otherEnd.WriteCompressed(b);
        var order = a.SequenceCompareTo(b);
        if (order == 0)
        {
            throw new ArgumentException("A channel's two ends must be different nodes.", nameof(otherEnd));
        }

        return order < 0;
    }

    /// <summary><see cref="ChannelUpdateChannelFlags.Direction"/> when <paramref name="signer"/> is <c>node_id_2</c>, none when it is <c>node_id_1</c>.</summary>
    public static ChannelUpdateChannelFlags DirectionOf(PublicKey signer, PublicKey otherEnd) =>
        IsNodeId1(signer, otherEnd) ? ChannelUpdateChannelFlags.None : ChannelUpdateChannelFlags.Direction;
}
