using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Ptlc;

/// <summary>Scalars from the operating system's CSPRNG, redrawn while invalid (probability about 2^-128).</summary>
public sealed class RandomScalarSource : IScalarSource
{
    public static readonly RandomScalarSource Instance = new();

    public void NextScalar(Span<byte> scalar)
    {
        do
        {
            SystemRandom.Fill(scalar[..KeySizes.SecretKey]);
        }
        while (!Secp256k1.IsValidSecret(scalar[..KeySizes.SecretKey]));
    }
}
