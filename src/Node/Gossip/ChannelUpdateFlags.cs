namespace LnRelay.Node.Gossip;

/// <summary>
/// <c>channel_update</c>'s <c>message_flags</c> byte (BOLT 7 "The channel_update
/// Message"). Bits without a meaning must be 0 when sent; lnrelay refuses them on read.
/// </summary>
[Flags]
internal enum ChannelUpdateMessageFlags : byte
{
    None = 0,

    /// <summary>
    /// Bit 0, <c>must_be_one</c>: once announced that <c>htlc_maximum_msat</c> is present;
    /// that field is now mandatory, so senders always set it and receivers ignore it.
    /// </summary>
    MustBeOne = 1 << 0,

    /// <summary>Bit 1, <c>dont_forward</c>: the update is for the channel peer only (an unannounced channel); never relay it.</summary>
    DontForward = 1 << 1,
}

/// <summary><c>channel_update</c>'s <c>channel_flags</c> byte (BOLT 7 "The channel_update Message").</summary>
[Flags]
internal enum ChannelUpdateChannelFlags : byte
{
    None = 0,

    /// <summary>
    /// Bit 0, <c>direction</c>: 0 if the signer is <c>node_id_1</c> (the lexicographically
    /// lesser compressed node id of the two ends), 1 if it is <c>node_id_2</c>. It picks the
    /// key the signature is checked against.
    /// </summary>
    Direction = 1 << 0,

    /// <summary>Bit 1, <c>disable</c>: the signer will not forward over this channel for now.</summary>
    Disable = 1 << 1,
}

/// <summary>The flag bits BOLT 7 assigns; any other set bit is refused by the decoder.</summary>
internal static class ChannelUpdateKnownFlags
{
    public const ChannelUpdateMessageFlags Message = ChannelUpdateMessageFlags.MustBeOne | ChannelUpdateMessageFlags.DontForward;

    public const ChannelUpdateChannelFlags Channel = ChannelUpdateChannelFlags.Direction | ChannelUpdateChannelFlags.Disable;
}
