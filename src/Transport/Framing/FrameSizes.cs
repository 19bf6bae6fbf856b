using LnRelay.Crypto;

namespace LnRelay.Transport.Framing;

/// <summary>
/// Sizes of an encrypted frame (docs/transport.md "Messages after the handshake", as
/// BOLT 8 "Lightning Message Specification"): lc = 2-byte length + tag, then the
/// body + tag. Built from parts; no bare 18 in slicing code.
/// </summary>
internal static class FrameSizes
{
    /// <summary>The big-endian u16 message length.</summary>
    public const int Length = 2;

    /// <summary>A Poly1305 tag.</summary>
    public const int Tag = KeySizes.AeadTag;

    /// <summary>lc: the encrypted length and its tag.</summary>
    public const int Header = Length + Tag;

    /// <summary>A BOLT 1 message starts with its 2-byte type, so nothing shorter is a message.</summary>
    public const int MinMessage = 2;

    /// <summary>The largest length a u16 can say (BOLT 1 / BOLT 8).</summary>
    public const int MaxMessage = ushort.MaxValue;

    /// <summary>The largest encrypted body: message + tag.</summary>
    public const int MaxBody = MaxMessage + Tag;

    /// <summary>The largest frame on the wire.</summary>
    public const int MaxFrame = Header + MaxBody;

    /// <summary>
    /// A connection's first receive buffer: room for several ~1.5 KB update_add_htlc frames per
    /// receive. It grows (to hold one whole frame) only once a larger frame's header has authenticated.
    /// </summary>
    public const int ReceiveBuffer = 16 * 1024;

    /// <summary>A connection's first send buffer, for the frames queued before one send; it grows as needed.</summary>
    public const int SendBuffer = 16 * 1024;

    /// <summary>The whole frame for a message of <paramref name="messageLength"/> bytes.</summary>
    public static int FrameFor(int messageLength) => Header + messageLength + Tag;
}
