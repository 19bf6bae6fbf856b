using System.Buffers;
using System.Security.Cryptography;

namespace LnRelay.Crypto;

/// <summary>
/// SHA256 and HMAC-SHA256 over spans, writing into the caller's buffer. Where OpenSSL's low-level
/// SHA-256 is there (Linux: <see cref="OpenSslSha256"/>) it computes them, with no per-call setup and
/// no concatenated copy of two-part inputs; elsewhere .NET's one-shots do. The outputs are the same.
/// </summary>
public static class Hashes
{
    /// <summary>Above this, two-part inputs are hashed incrementally instead of copied to the stack (the .NET path).</summary>
    private const int StackConcatLimit = 4096;

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (OpenSslSha256.IsAvailable)
        {
            OpenSslSha256.Hash(data, default, destination);
            return;
        }

        SHA256.HashData(data, destination);
    }

    public static byte[] Sha256(ReadOnlySpan<byte> data)
    {
        var digest = new byte[KeySizes.Hash];
        Sha256(data, digest);
        return digest;
    }

    /// <summary>SHA256(a || b) without materialising the concatenation on the heap. <paramref name="destination"/> may alias either input.</summary>
    public static void Sha256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        if (OpenSslSha256.IsAvailable)
        {
            OpenSslSha256.Hash(a, b, destination);
            return;
        }

        DotNetSha256(a, b, destination);
    }

    /// <summary>The path without OpenSSL's low-level API: .NET's one-shot over a stack copy of a || b (tests run it everywhere).</summary>
    internal static void DotNetSha256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        var length = a.Length + b.Length;
        if (length <= StackConcatLimit)
        {
            Span<byte> joined = stackalloc byte[length];
            a.CopyTo(joined);
            b.CopyTo(joined[a.Length..]);
            SHA256.HashData(joined, destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(a);
        hash.AppendData(b);
        _ = hash.GetHashAndReset(destination);
    }

    public static void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (OpenSslSha256.IsAvailable)
        {
            OpenSslSha256.Hmac(key, data, default, destination);
            return;
        }

        HMACSHA256.HashData(key, data, destination);
    }

    /// <summary>HMAC-SHA256(key, a || b): BOLT 4 MACs cover <c>hop_payloads || associated_data</c>.</summary>
    public static void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        if (OpenSslSha256.IsAvailable)
        {
            OpenSslSha256.Hmac(key, a, b, destination);
            return;
        }

        DotNetHmacSha256(key, a, b, destination);
    }

    /// <summary>The path without OpenSSL's low-level API: .NET's one-shot over a copy of a || b (tests run it everywhere).</summary>
    internal static void DotNetHmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        var length = a.Length + b.Length;
        if (length <= StackConcatLimit)
        {
            Span<byte> joined = stackalloc byte[length];
            a.CopyTo(joined);
            b.CopyTo(joined[a.Length..]);
            HMACSHA256.HashData(key, joined, destination);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            a.CopyTo(rented);
            b.CopyTo(rented.AsSpan(a.Length));
            HMACSHA256.HashData(key, rented.AsSpan(0, length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
