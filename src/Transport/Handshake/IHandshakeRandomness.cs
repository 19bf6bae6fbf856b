namespace LnRelay.Transport.Handshake;

/// <summary>
/// Where a handshake gets its nondeterminism (injected, so tests and vectors are reproducible): the ephemeral
/// secret of each connection and the BIP340 auxiliary randomness of its signature.
/// Production uses <see cref="SystemHandshakeRandomness"/>; the known-answer vectors
/// use <see cref="FixedHandshakeRandomnessForTests"/>.
/// </summary>
internal interface IHandshakeRandomness
{
    /// <summary>Writes a 32-byte secret that is valid for secp256k1 (non-zero, below the group order).</summary>
    void NextEphemeralSecret(Span<byte> secret);

    /// <summary>Writes 32 bytes of BIP340 auxiliary randomness.</summary>
    void NextSignatureAuxRandomness(Span<byte> aux);
}
