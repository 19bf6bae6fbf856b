using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Onion;

/// <summary>Session keys from the operating system's CSPRNG: the production source. Thread-safe.</summary>
public sealed class RandomSessionKeySource : ISessionKeySource
{
    public static RandomSessionKeySource Instance { get; } = new();

    public void NextSessionKey(Span<byte> sessionKey)
    {
        var key = sessionKey[..KeySizes.SecretKey];
        // A uniformly random 256-bit value is out of range with probability ~2^-128; retry rather than bias it.
        do
        {
            SystemRandom.Fill(key);
        }
        while (!Secp256k1.IsValidSecret(key));
    }
}
