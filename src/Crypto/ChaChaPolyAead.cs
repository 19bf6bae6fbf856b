using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LnRelay.Crypto;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439) with the BOLT 8 nonce: 4 zero bytes followed by a
/// 64-bit little-endian counter ("Handshake State": a deliberate exception to the
/// big-endian convention, following Noise). Wraps .NET's implementation; one
/// instance per key, so steady-state framing allocates nothing.
/// </summary>
public sealed class ChaChaPolyAead : IDisposable
{
    private const int CounterOffset = 4;

    private readonly ChaCha20Poly1305 _aead;

    public ChaChaPolyAead(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizes.ChaChaKey)
        {
            throw new ArgumentException("ChaCha20-Poly1305 keys are 32 bytes.", nameof(key));
        }

        _aead = new ChaCha20Poly1305(key);
    }

    /// <summary>Writes <c>ciphertext || tag</c> (plaintext length + 16 bytes) into <paramref name="destination"/>.</summary>
    public void Encrypt(ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (destination.Length < plaintext.Length + KeySizes.AeadTag)
        {
            throw new ArgumentException("Destination is shorter than plaintext + 16.", nameof(destination));
        }

        Span<byte> nonce = stackalloc byte[KeySizes.ChaChaNonce];
        WriteNonce(counter, nonce);
        _aead.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, KeySizes.AeadTag), associatedData);
    }

    /// <summary>Opens <c>ciphertext || tag</c>; false (and nothing written that may be used) if it is too short or does not authenticate.</summary>
    public bool TryDecrypt(ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        var bodyLength = ciphertextAndTag.Length - KeySizes.AeadTag;
        if (bodyLength < 0 || plaintext.Length < bodyLength)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[KeySizes.ChaChaNonce];
        WriteNonce(counter, nonce);
        try
        {
            _aead.Decrypt(nonce, ciphertextAndTag[..bodyLength], ciphertextAndTag[bodyLength..], plaintext[..bodyLength], associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => _aead.Dispose();

    private static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..CounterOffset].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[CounterOffset..], counter);
    }
}
