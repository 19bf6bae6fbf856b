namespace LnRelay.Node.Switch;

/// <summary>
/// Faults a node can be told to commit, for tests and the demo. All off by default.
/// Configured under <c>Faults</c> (e.g. <c>LNRELAY_Faults__CorruptForwardedOnions=true</c>) or
/// changed at run time through the control API.
/// </summary>
public sealed record FaultInjectionOptions
{
    /// <summary>Flip one byte of every onion this node forwards: the next hop's HMAC check fails (invalid_onion_hmac).</summary>
    public bool CorruptForwardedOnions { get; init; }

    /// <summary>Hold every forwarded update_add_htlc this long before sending it.</summary>
    public int ForwardDelayMs { get; init; }

    /// <summary>
    /// The least non-zero <see cref="DropPeerAfterMessages"/>: every connection starts with
    /// init and the peer's link_sync, so with fewer no HTLC update would ever get through
    /// and payments would stall instead of showing recovery.
    /// </summary>
    public const int MinDropPeerAfterMessages = 3;

    /// <summary>Close a peer connection once this many messages have been received and handled on it (0: never; otherwise at least <see cref="MinDropPeerAfterMessages"/>).</summary>
    public int DropPeerAfterMessages { get; init; }

    /// <summary>Refuse to forward anything: relays answer temporary_node_failure.</summary>
    public bool RefuseToForward { get; init; }

    public static FaultInjectionOptions None { get; } = new();

    /// <summary>Whether <paramref name="messages"/> is a usable <see cref="DropPeerAfterMessages"/>.</summary>
    public static bool IsValidDropPeerAfterMessages(int messages) => messages == 0 || messages >= MinDropPeerAfterMessages;
}
