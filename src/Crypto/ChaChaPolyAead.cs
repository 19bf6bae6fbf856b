using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LnRelay.Crypto;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439) with the BOLT 8 nonce: 4 zero bytes followed by a
/// 64-bit little-endian counter ("Handshake State": a deliberate exception to the
/// big-endian convention, following Noise). One instance per key (kept pinned, wiped on
/// <see cref="Dispose"/>), so steady-state framing allocates nothing.
/// <para>
/// Two implementations of the one algorithm, by size. Up to <see cref="SmallMessage"/> bytes,
/// libsodium's <c>crypto_aead_chacha20poly1305_ietf_*</c> through <see cref="ChaChaPolyOneShot"/>:
/// one call per operation. .NET's <c>ChaCha20Poly1305</c>
/// goes through OpenSSL's EVP layer, which re-initialises the cipher context and clears the
/// error queue on every call: for the transport's 2-byte length frames and short messages that
/// overhead is most of the cost (about 1.7 us against 0.65 us). Above it, OpenSSL's vectorised
/// ChaCha20 and Poly1305 win (an update_add_htlc of 1,452 bytes: about 3.4 us against 3.8 us);
/// docs/performance.md, "Between the sockets".
/// </para>
/// </summary>
public sealed class ChaChaPolyAead : IDisposable
{
    /// <summary>Messages up to this many bytes go through libsodium, longer ones through .NET (OpenSSL).</summary>
    internal const int SmallMessage = 1024;

    private const int CounterOffset = 4;

    private readonly byte[] _key = GC.AllocateArray<byte>(KeySizes.ChaChaKey, pinned: true);
    private readonly ChaCha20Poly1305 _large;
    private bool _disposed;

    public ChaChaPolyAead(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizes.ChaChaKey)
        {
            throw new ArgumentException("ChaCha20-Poly1305 keys are 32 bytes.", nameof(key));
        }

        NativeCrypto.EnsureAvailable();
        key.CopyTo(_key);
        _large = new ChaCha20Poly1305(key);
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
        if (plaintext.Length > SmallMessage)
        {
            _large.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, KeySizes.AeadTag), associatedData);
            return;
        }

        ChaChaPolyOneShot.Seal(_key, nonce, associatedData, plaintext, destination);
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
        if (bodyLength > SmallMessage)
        {
            try
            {
                _large.Decrypt(nonce, ciphertextAndTag[..bodyLength], ciphertextAndTag[bodyLength..], plaintext[..bodyLength], associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        return ChaChaPolyOneShot.TryOpen(_key, nonce, associatedData, ciphertextAndTag, plaintext);
    }

    public void Dispose()
    {
        _disposed = true;
        _large.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    private static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..CounterOffset].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[CounterOffset..], counter);
    }
}
