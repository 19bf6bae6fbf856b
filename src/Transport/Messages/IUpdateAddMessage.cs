namespace LnRelay.Transport.Messages;

/// <summary>
/// What <c>update_add_htlc</c> and lnrelay-experimental <c>update_add_ptlc</c> share: an HTLC
/// offer whose lock is a 32-byte payment_hash or a 33-byte lock point (docs/ptlc.md), so the
/// node's switch takes either through one path; the lock is also the onion's associated data.
/// </summary>
public interface IUpdateAddMessage
{
    ChannelId ChannelId { get; }

    ulong HtlcId { get; }

    ulong AmountMsat { get; }

    /// <summary><c>payment_hash</c> (32 bytes) or <c>lock_point</c> (33 bytes).</summary>
    ReadOnlyMemory<byte> Lock { get; }

    uint CltvExpiry { get; }

    ReadOnlyMemory<byte> OnionRoutingPacket { get; }

    ReadOnlyMemory<byte>? PathKey { get; }
}
