using LnRelay.Crypto;
using LnRelay.Sphinx;

namespace LnRelay.Node.Gossip;

/// <summary>
/// Field sizes and offsets of BOLT 7 <c>channel_update</c> (type 258, "The
/// channel_update Message"), each named once. Offsets count from the start of the
/// body, i.e. after the 2-byte message type. The signature covers the
/// <see cref="SignedPartSize"/> bytes that follow it.
/// </summary>
internal static class ChannelUpdateLayout
{
    /// <summary>BOLT 7 message type 258 (0x0102).</summary>
    public const ushort MessageType = 258;

    public const int TypeSize = sizeof(ushort);
    public const int SignatureSize = EcdsaSignature.Size;

    /// <summary>BOLT 0 <c>chain_hash</c>: 32 bytes.</summary>
    public const int ChainHashSize = KeySizes.Hash;
    public const int ShortChannelIdSize = ShortChannelId.Size;
    public const int TimestampSize = sizeof(uint);
    public const int MessageFlagsSize = sizeof(byte);
    public const int ChannelFlagsSize = sizeof(byte);
    public const int CltvExpiryDeltaSize = sizeof(ushort);
    public const int HtlcMinimumMsatSize = sizeof(ulong);
    public const int FeeBaseMsatSize = sizeof(uint);
    public const int FeeProportionalMillionthsSize = sizeof(uint);
    public const int HtlcMaximumMsatSize = sizeof(ulong);

    /// <summary>Everything after <c>signature</c>: what double-SHA256 is taken over (72 bytes).</summary>
    public const int SignedPartSize =
        ChainHashSize + ShortChannelIdSize + TimestampSize + MessageFlagsSize + ChannelFlagsSize
        + CltvExpiryDeltaSize + HtlcMinimumMsatSize + FeeBaseMsatSize + FeeProportionalMillionthsSize + HtlcMaximumMsatSize;

    /// <summary>The message without its type (136 bytes): the form <c>len</c> counts when a failure message omits the prefix.</summary>
    public const int BodySize = SignatureSize + SignedPartSize;

    /// <summary>The message with its 2-byte type (138 bytes).</summary>
    public const int MessageSize = TypeSize + BodySize;

    public const int SignatureOffset = 0;
    public const int SignedPartOffset = SignatureOffset + SignatureSize;
    public const int ChainHashOffset = SignedPartOffset;
    public const int ShortChannelIdOffset = ChainHashOffset + ChainHashSize;
    public const int TimestampOffset = ShortChannelIdOffset + ShortChannelIdSize;
    public const int MessageFlagsOffset = TimestampOffset + TimestampSize;
    public const int ChannelFlagsOffset = MessageFlagsOffset + MessageFlagsSize;
    public const int CltvExpiryDeltaOffset = ChannelFlagsOffset + ChannelFlagsSize;
    public const int HtlcMinimumMsatOffset = CltvExpiryDeltaOffset + CltvExpiryDeltaSize;
    public const int FeeBaseMsatOffset = HtlcMinimumMsatOffset + HtlcMinimumMsatSize;
    public const int FeeProportionalMillionthsOffset = FeeBaseMsatOffset + FeeBaseMsatSize;
    public const int HtlcMaximumMsatOffset = FeeProportionalMillionthsOffset + FeeProportionalMillionthsSize;
}
