using LnRelay.Crypto;

namespace LnRelay.Transport.Handshake;

/// <summary>The operating system's CSPRNG: the only randomness production handshakes use.</summary>
internal sealed class SystemHandshakeRandomness : IHandshakeRandomness
{
    public static SystemHandshakeRandomness Instance { get; } = new();

    public void NextEphemeralSecret(Span<byte> secret)
    {
        // A uniformly random 32-byte string is invalid with probability ~2^-128; loop anyway.
        do
        {
            SystemRandom.Fill(secret);
        }
        while (!Secp256k1.IsValidSecret(secret));
    }

    public void NextSignatureAuxRandomness(Span<byte> aux) => SystemRandom.Fill(aux);
}
