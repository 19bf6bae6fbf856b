namespace LnRelay.Transport.Messages;

/// <summary>
/// Field sizes of the BOLT 1 and BOLT 2 messages, named once; every total is
/// built from its parts. Sizes exclude the 2-byte type unless a name says otherwise.
/// </summary>
public static class MessageSizes
{
    /// <summary>BOLT 1: the transport's length field is a u16, so a whole message (type included) is at most this.</summary>
    public const int MaxMessage = ushort.MaxValue;

    /// <summary>BOLT 1: the big-endian message type that starts every message.</summary>
    public const int Type = 2;

    /// <summary>The largest payload after the type.</summary>
    public const int MaxPayload = MaxMessage - Type;

    /// <summary>A u16 length prefix (<c>gflen</c>, <c>flen</c>, <c>len</c>, <c>byteslen</c>).</summary>
    public const int LengthPrefix = 2;

    /// <summary>BOLT 2 "Definition of <c>channel_id</c>".</summary>
    public const int ChannelId = 32;

    /// <summary>BOLT 2 HTLC <c>id</c>, a u64.</summary>
    public const int HtlcId = 8;

    /// <summary>BOLT 2 <c>amount_msat</c>, a u64.</summary>
    public const int AmountMsat = 8;

    /// <summary>A sha256: <c>payment_hash</c>, <c>sha256_of_onion</c>.</summary>
    public const int Sha256 = 32;

    /// <summary>BOLT 2 <c>payment_preimage</c>.</summary>
    public const int PaymentPreimage = 32;

    /// <summary>BOLT 2 <c>cltv_expiry</c>, a u32 block height.</summary>
    public const int CltvExpiry = 4;

    /// <summary>BOLT 4 onion packet: version (1) + ephemeral point (33) + hop payloads (1300) + HMAC (32). Opaque here.</summary>
    public const int OnionRoutingPacket = 1 + Point + 1300 + Sha256;

    /// <summary>A compressed secp256k1 point (BOLT 1 fundamental type <c>point</c>), e.g. the blinded <c>path_key</c>.</summary>
    public const int Point = 33;

    /// <summary>BOLT 1 <c>chain_hash</c>, one entry of the <c>networks</c> init TLV.</summary>
    public const int ChainHash = 32;

    /// <summary>BOLT 2/4 <c>attribution_data</c>: 20 hold times of 4 bytes + 210 truncated HMACs of 4 bytes.</summary>
    public const int AttributionData = (20 * 4) + (210 * 4);

    /// <summary>BOLT 2 <c>failure_code</c> of <c>update_fail_malformed_htlc</c>, a u16.</summary>
    public const int FailureCode = 2;

    /// <summary>BOLT 1 <c>ping.num_pong_bytes</c>, a u16.</summary>
    public const int NumPongBytes = 2;

    /// <summary>BOLT 1: a ping asking for this many pong bytes or more must not be answered (the pong would not fit).</summary>
    public const int PongBytesLimit = MaxMessage - Type - LengthPrefix + 1;

    /// <summary><c>error</c>/<c>warning</c> before <c>data</c>: channel_id + len.</summary>
    public const int ErrorFixed = ChannelId + LengthPrefix;

    /// <summary><c>ping</c> before <c>ignored</c>: num_pong_bytes + byteslen.</summary>
    public const int PingFixed = NumPongBytes + LengthPrefix;

    /// <summary><c>pong</c> before <c>ignored</c>: byteslen.</summary>
    public const int PongFixed = LengthPrefix;

    /// <summary><c>init</c> with both bitmaps empty: gflen + flen.</summary>
    public const int InitFixed = LengthPrefix + LengthPrefix;

    /// <summary><c>update_add_htlc</c> before its TLV stream (1450 bytes).</summary>
    public const int UpdateAddHtlcFixed = ChannelId + HtlcId + AmountMsat + Sha256 + CltvExpiry + OnionRoutingPacket;

    /// <summary>lnrelay-experimental <c>update_add_ptlc</c> before its TLV stream: <c>update_add_htlc</c> with a 33-byte lock point for the 32-byte hash (1451 bytes).</summary>
    public const int UpdateAddPtlcFixed = ChannelId + HtlcId + AmountMsat + Point + CltvExpiry + OnionRoutingPacket;

    /// <summary>A point lock's settlement scalar (lnrelay-experimental <c>update_fulfill_ptlc</c>).</summary>
    public const int PtlcScalar = 32;

    /// <summary>lnrelay-experimental <c>update_fulfill_ptlc</c> before its TLV stream (72 bytes).</summary>
    public const int UpdateFulfillPtlcFixed = ChannelId + HtlcId + PtlcScalar;

    /// <summary><c>update_fulfill_htlc</c> before its TLV stream (72 bytes).</summary>
    public const int UpdateFulfillHtlcFixed = ChannelId + HtlcId + PaymentPreimage;

    /// <summary><c>update_fail_htlc</c> before <c>reason</c>: channel_id + id + len.</summary>
    public const int UpdateFailHtlcFixed = ChannelId + HtlcId + LengthPrefix;

    /// <summary><c>update_fail_malformed_htlc</c> (74 bytes).</summary>
    public const int UpdateFailMalformedHtlcFixed = ChannelId + HtlcId + Sha256 + FailureCode;

    /// <summary><c>link_sync</c>'s kind (u8).</summary>
    public const int LinkSyncKind = 1;

    /// <summary><c>link_sync</c>'s sender_epoch and seen_epoch (u64 each).</summary>
    public const int LinkSyncEpoch = 8;

    /// <summary><c>link_sync</c>'s received_count (u64).</summary>
    public const int LinkSyncCount = 8;

    /// <summary><c>link_sync</c>: <c>kind || sender_epoch || seen_epoch || received_count</c>.</summary>
    public const int LinkSyncFixed = LinkSyncKind + LinkSyncEpoch + LinkSyncEpoch + LinkSyncCount;
}
