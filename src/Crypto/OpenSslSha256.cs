using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// SHA-256 and HMAC-SHA256 (RFC 2104) over OpenSSL's low-level API (<see cref="Libcrypto"/>), with the
/// context on the stack: what <see cref="Hashes"/> and <see cref="FixedKeyHmac"/> use when
/// <see cref="IsAvailable"/>. Inputs come in two parts because BOLT 4 MACs and hashes cover two
/// (<c>hop_payloads || associated_data</c>, <c>E || ss</c>): no concatenated copy is made.
/// Destinations may alias inputs (the digest is written last).
/// </summary>
internal static unsafe class OpenSslSha256
{
    /// <summary>SHA-256's block: an HMAC key longer than this is hashed first (RFC 2104 section 2).</summary>
    internal const int BlockSize = 64;

    internal const byte InnerPad = 0x36;
    internal const byte OuterPad = 0x5c;

    public static bool IsAvailable => Libcrypto.IsAvailable;

    /// <summary>SHA256(a || b) into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        CheckDestination(destination);
        SHA256_CTX context;
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        fixed (byte* digest = destination)
        {
            _ = Libcrypto.SHA256_Init(&context);
            Libcrypto.Update(&context, pa, a.Length);
            Libcrypto.Update(&context, pb, b.Length);
            _ = Libcrypto.SHA256_Final(digest, &context);
        }
    }

    /// <summary>HMAC-SHA256(key, a || b) into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        CheckDestination(destination);
        var inner = Absorb(key, InnerPad);
        var outer = Absorb(key, OuterPad);
        Finish(ref inner, ref outer, a, b, destination);
    }

    /// <summary>
    /// The SHA-256 state after one block of (key padded to 64 bytes) XOR <paramref name="pad"/>: an
    /// HMAC's inner (0x36) or outer (0x5c) half with its key absorbed. It holds key material.
    /// </summary>
    public static SHA256_CTX Absorb(ReadOnlySpan<byte> key, byte pad)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize)
        {
            Hash(key, default, block);
        }
        else
        {
            key.CopyTo(block);
        }

        for (var i = 0; i < BlockSize; i++)
        {
            block[i] ^= pad;
        }

        SHA256_CTX context;
        fixed (byte* p = block)
        {
            _ = Libcrypto.SHA256_Init(&context);
            Libcrypto.Update(&context, p, BlockSize);
        }

        CryptographicOperations.ZeroMemory(block);
        return context;
    }

    /// <summary>
    /// Completes an HMAC from its two keyed halves (<see cref="Absorb"/>), which it consumes: the inner
    /// hash over a || b, then the outer hash over that. Both contexts are wiped.
    /// </summary>
    public static void Finish(ref SHA256_CTX inner, ref SHA256_CTX outer, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        CheckDestination(destination);
        Span<byte> innerHash = stackalloc byte[KeySizes.Hash];
        fixed (SHA256_CTX* i = &inner)
        fixed (SHA256_CTX* o = &outer)
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        fixed (byte* ih = innerHash)
        fixed (byte* mac = destination)
        {
            Libcrypto.Update(i, pa, a.Length);
            Libcrypto.Update(i, pb, b.Length);
            _ = Libcrypto.SHA256_Final(ih, i);
            _ = Libcrypto.SHA256_UpdateShort(o, ih, KeySizes.Hash);
            _ = Libcrypto.SHA256_Final(mac, o);
            *i = default;
            *o = default;
        }

        CryptographicOperations.ZeroMemory(innerHash);
    }

    private static void CheckDestination(Span<byte> destination)
    {
        if (destination.Length < KeySizes.Hash)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(destination));
        }
    }
}
