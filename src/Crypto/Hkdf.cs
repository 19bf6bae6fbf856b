using System.Security.Cryptography;

namespace LnRelay.Crypto;

/// <summary>
/// HKDF-SHA256 (RFC 5869) with empty info and 64 bytes of output split into two
/// 32-byte keys: the BOLT 8 "Handshake State" HKDF, which the STS transport reuses
/// for its chaining key, act keys, transport keys and key rotation.
/// </summary>
public static class Hkdf
{
    public const int OutputHalf = KeySizes.Hash;

    /// <summary>The general RFC 5869 form: fills <paramref name="output"/> (at most 255 * 32 bytes).</summary>
    public static void DeriveKey(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, output, salt, info);

    /// <summary>(first, second) = HKDF(salt, ikm), each 32 bytes. <paramref name="first"/> may alias <paramref name="salt"/>.</summary>
    public static void DeriveTwoKeys(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm, Span<byte> first, Span<byte> second)
    {
        if (first.Length != OutputHalf || second.Length != OutputHalf)
        {
            throw new ArgumentException("HKDF outputs are two 32-byte keys.");
        }

        Span<byte> output = stackalloc byte[OutputHalf * 2];
        try
        {
            DeriveKey(salt, ikm, ReadOnlySpan<byte>.Empty, output);
            output[..OutputHalf].CopyTo(first);
            output[OutputHalf..].CopyTo(second);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }
}
