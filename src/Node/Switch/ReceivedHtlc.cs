namespace LnRelay.Node.Switch;

/// <summary>What this node played for an HTLC (the HopView role).</summary>
public enum HopRole
{
    Origin,
    Relay,
    Final,
}

/// <summary>An HTLC a peer offered us that we forwarded: kept until the outgoing HTLC resolves (the circuit).</summary>
internal sealed record ForwardCircuit(
    ulong IncomingScid,
    ulong IncomingId,
    string IncomingPeer,
    byte[] SharedSecret,
    ulong OutgoingScid,
    ulong OutgoingId,
    string OutgoingPeer,
    byte[] PaymentHash);
