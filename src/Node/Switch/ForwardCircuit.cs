namespace LnRelay.Node.Switch;

/// <summary>
/// An HTLC a peer offered us that we forwarded, kept (keyed by the outgoing HTLC) until the
/// outgoing HTLC resolves: the incoming HTLC to resolve upstream, and the onion's shared
/// secret to wrap or build its failure (BOLT 4 "Returning Errors"). Inside a blinded path also
/// our <see cref="BlindedRole"/> and the SHA256 of the onion we received, the
/// <c>sha256_of_onion</c> of the invalid_onion_blinding every failure becomes (docs/blinded-paths.md).
/// </summary>
internal sealed record ForwardCircuit(HtlcKey Incoming, byte[] SharedSecret, BlindedRole Role = BlindedRole.None, byte[]? OnionSha256 = null);
