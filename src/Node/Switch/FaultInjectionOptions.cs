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

    /// <summary>Close a peer connection after this many messages received on it (0: never).</summary>
    public int DropPeerAfterMessages { get; init; }

    /// <summary>Refuse to forward anything: relays answer temporary_node_failure.</summary>
    public bool RefuseToForward { get; init; }

    public static FaultInjectionOptions None { get; } = new();
}
