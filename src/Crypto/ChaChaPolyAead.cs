using System.Buffers.Binary;
using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439) with the BOLT 8 nonce: 4 zero bytes followed by a
/// 64-bit little-endian counter ("Handshake State": a deliberate exception to the
/// big-endian convention, following Noise). One instance per key (kept pinned, wiped on
/// <see cref="Dispose"/>), so steady-state framing allocates nothing.
/// <para>
/// libsodium's <c>crypto_aead_chacha20poly1305_ietf_*</c> (the bundled library, as
/// <see cref="ChaChaPolyOneShot"/>): one call per operation. .NET's <c>ChaCha20Poly1305</c>
/// went through OpenSSL's EVP layer, which re-initialises the cipher context and clears the
/// error queue on every call: for the transport's 2-byte length frames that overhead was
/// most of the cost (docs/performance.md, "Between the sockets").
/// </para>
/// </summary>
public sealed unsafe class ChaChaPolyAead : IDisposable
{
    private const int CounterOffset = 4;

    private readonly byte[] _key = GC.AllocateArray<byte>(KeySizes.ChaChaKey, pinned: true);
    private bool _disposed;

    public ChaChaPolyAead(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizes.ChaChaKey)
        {
            throw new ArgumentException("ChaCha20-Poly1305 keys are 32 bytes.", nameof(key));
        }

        NativeCrypto.EnsureAvailable();
        key.CopyTo(_key);
    }

    /// <summary>Writes <c>ciphertext || tag</c> (plaintext length + 16 bytes) into <paramref name="destination"/>.</summary>
    public void Encrypt(ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (destination.Length < plaintext.Length + KeySizes.AeadTag)
        {
            throw new ArgumentException("Destination is shorter than plaintext + 16.", nameof(destination));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> nonce = stackalloc byte[KeySizes.ChaChaNonce];
        WriteNonce(counter, nonce);
        ulong written;
        fixed (byte* k = _key)
        fixed (byte* n = nonce)
        fixed (byte* ad = associatedData)
        fixed (byte* m = plaintext)
        fixed (byte* c = destination)
        {
            _ = Libsodium.crypto_aead_chacha20poly1305_ietf_encrypt(c, &written, m, (ulong)plaintext.Length, ad, (ulong)associatedData.Length, null, n, k);
        }
    }

    /// <summary>Opens <c>ciphertext || tag</c>; false (and nothing written that may be used) if it is too short or does not authenticate.</summary>
    public bool TryDecrypt(ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        var bodyLength = ciphertextAndTag.Length - KeySizes.AeadTag;
        if (bodyLength < 0 || plaintext.Length < bodyLength)
        {
            return false;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> nonce = stackalloc byte[KeySizes.ChaChaNonce];
        WriteNonce(counter, nonce);
        ulong written;
        fixed (byte* k = _key)
        fixed (byte* n = nonce)
        fixed (byte* ad = associatedData)
        fixed (byte* c = ciphertextAndTag)
        fixed (byte* m = plaintext)
        {
            return Libsodium.crypto_aead_chacha20poly1305_ietf_decrypt(m, &written, null, c, (ulong)ciphertextAndTag.Length, ad, (ulong)associatedData.Length, n, k) == 0;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }

    private static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..CounterOffset].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[CounterOffset..], counter);
    }
}
