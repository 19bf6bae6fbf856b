using LnRelay.Crypto;

namespace LnRelay.Transport.Handshake;

/// <summary>
/// TEST ONLY: hands out the same caller-chosen ephemeral secret and auxiliary
/// randomness every time, so that the known-answer vectors
/// (tests/vectors/transport-sts-vectors.json) reproduce byte for byte. Reusing an
/// ephemeral key across connections destroys forward secrecy; never use this in a node.
/// </summary>
internal sealed class FixedHandshakeRandomnessForTests : IHandshakeRandomness
{
    private readonly byte[] _ephemeralSecret;
    private readonly byte[] _aux;

    public FixedHandshakeRandomnessForTests(ReadOnlySpan<byte> ephemeralSecret, ReadOnlySpan<byte> aux)
    {
        if (!Secp256k1.IsValidSecret(ephemeralSecret) || aux.Length != KeySizes.Hash)
        {
            throw new ArgumentException("Needs a valid 32-byte secret and 32 bytes of aux randomness.");
        }

        _ephemeralSecret = ephemeralSecret.ToArray();
        _aux = aux.ToArray();
    }

    public void NextEphemeralSecret(Span<byte> secret) => _ephemeralSecret.CopyTo(secret);

    public void NextSignatureAuxRandomness(Span<byte> aux) => _aux.CopyTo(aux);
}
