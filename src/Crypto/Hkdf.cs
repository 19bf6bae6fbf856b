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
    /// <remarks>
    /// Extract is done here with HMAC rather than by <see cref="HKDF.DeriveKey(HashAlgorithmName, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>,
    /// because on Linux (OpenSSL) that call throws for an empty IKM, and BOLT 8's final
    /// split (and the STS transport's) is exactly HKDF(ck, empty).
    /// </remarks>
    public static void DeriveKey(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> info, Span<byte> output)
    {
        Span<byte> prk = stackalloc byte[KeySizes.Hash];
        try
        {
            // RFC 5869 2.2: PRK = HMAC-Hash(salt, IKM); an empty salt is HashLen zeros, which HMAC pads to anyway.
            HMACSHA256.HashData(salt, ikm, prk);
            HKDF.Expand(HashAlgorithmName.SHA256, prk, output, info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }

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
