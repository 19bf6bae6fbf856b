namespace LnRelay.Node.Gossip;

/// <summary>Why bytes were refused as a <c>channel_update</c> (BOLT 7 "The channel_update Message").</summary>
internal enum ChannelUpdateDecodeError
{
    /// <summary>Not an error: the update decoded.</summary>
    None = 0,

    /// <summary>Fewer bytes than the fixed fields need (136 without the type, 138 with it).</summary>
    TooShort,

    /// <summary>
    /// More bytes than the fixed fields. BOLT 7 lets a gossip receiver carry unknown trailing
    /// fields; lnrelay refuses them because every sender is lnrelay (trailing bytes mean a
    /// framing bug) and inside failure messages <c>len</c> must frame the update exactly.
    /// </summary>
    TooLong,

    /// <summary>A 2-byte type prefix other than 258 (0x0102).</summary>
    WrongMessageType,

    /// <summary><c>message_flags</c> has a bit set that BOLT 7 does not assign (bits 2-7).</summary>
    UnknownMessageFlags,

    /// <summary><c>channel_flags</c> has a bit set that BOLT 7 does not assign (bits 2-7).</summary>
    UnknownChannelFlags,
}
