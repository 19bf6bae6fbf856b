namespace LnRelay.Transport.Messages;

/// <summary>
/// The 2-byte message types this project speaks (BOLT 1 "Lightning Message Format":
/// 0-31 setup and control; BOLT 2 "Normal Operation": 128-255 commitment updates).
/// A type not listed here is handled by the "it's OK to be odd" rule.
/// </summary>
public enum MessageType : ushort
{
    /// <summary>BOLT 1 <c>warning</c>: informational, logged.</summary>
    Warning = 1,

    /// <summary>BOLT 1 <c>init</c>: the first message in each direction.</summary>
    Init = 16,

    /// <summary>BOLT 1 <c>error</c>: the sender fails the channel(s) and closes.</summary>
    Error = 17,

    /// <summary>BOLT 1 <c>ping</c>.</summary>
    Ping = 18,

    /// <summary>BOLT 1 <c>pong</c>.</summary>
    Pong = 19,

    /// <summary>BOLT 2 <c>update_add_htlc</c>.</summary>
    UpdateAddHtlc = 128,

    /// <summary>BOLT 2 <c>update_fulfill_htlc</c>.</summary>
    UpdateFulfillHtlc = 130,

    /// <summary>BOLT 2 <c>update_fail_htlc</c>.</summary>
    UpdateFailHtlc = 131,

    /// <summary>BOLT 2 <c>update_fail_malformed_htlc</c>.</summary>
    UpdateFailMalformedHtlc = 135,

    /// <summary>
    /// lnrelay's <c>link_sync</c>, in BOLT 1's experimental range (32768-65535) and odd, so
    /// a peer that does not know it ignores it: resumes HTLC traffic after a reconnect
    /// and acknowledges what arrived (see <see cref="LinkSyncMessage"/>).
    /// </summary>
    LinkSync = 32771,

    /// <summary>
    /// lnrelay-experimental <c>update_add_ptlc</c> (docs/ptlc.md): <c>update_add_htlc</c> with a
    /// lock point instead of a payment hash. In BOLT 1's experimental range and even, so a peer
    /// that does not know it closes the connection instead of ignoring money; sent only to a
    /// peer that offered <see cref="PtlcFeature"/>.
    /// </summary>
    UpdateAddPtlc = 41018,

    /// <summary>lnrelay-experimental <c>update_fulfill_ptlc</c>: settles a point lock with its scalar; even, like <see cref="UpdateAddPtlc"/>.</summary>
    UpdateFulfillPtlc = 41020,
}
