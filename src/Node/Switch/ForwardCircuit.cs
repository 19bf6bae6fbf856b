namespace LnRelay.Node.Switch;

/// <summary>
/// An HTLC a peer offered us that we forwarded, kept (keyed by the outgoing HTLC) until the
/// outgoing HTLC resolves: the incoming HTLC to resolve upstream, and the onion's shared
/// secret to wrap or build its failure (BOLT 4 "Returning Errors").
/// </summary>
internal sealed record ForwardCircuit(HtlcKey Incoming, byte[] SharedSecret);
