using System.Security.Cryptography;
using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Transport.Framing;

/// <summary>
/// One direction's key k, nonce n and chaining key ck (docs/transport.md "Messages after
/// the handshake"; BOLT 8 "Lightning Message Key Rotation"). Every AEAD operation
/// consumes one nonce; when n reaches <see cref="RotationNonce"/> the key rotates:
/// ck, k = HKDF(ck, k), n = 0 (so every 500 messages). The only allocation after
/// construction is the new AEAD instance at each rotation.
/// </summary>
internal sealed class FrameCipherState : IDisposable
{
    /// <summary>The nonce at which the key rotates (1000 operations = 500 messages).</summary>
    public const ulong RotationNonce = 1000;

    private readonly byte[] _key = GC.AllocateArray<byte>(KeySizes.ChaChaKey, pinned: true);
    private readonly byte[] _chainingKey = GC.AllocateArray<byte>(KeySizes.Hash, pinned: true);
    private ChaChaPolyAead _aead;

    public FrameCipherState(ReadOnlySpan<byte> key, ReadOnlySpan<byte> chainingKey)
    {
        key.CopyTo(_key);
        chainingKey.CopyTo(_chainingKey);
        _aead = new ChaChaPolyAead(_key);
    }

    /// <summary>The next nonce to use (for tests at the rotation boundary).</summary>
    public ulong Nonce { get; private set; }

    /// <summary>The current key (for the known-answer vectors).</summary>
    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>The current chaining key (for the known-answer vectors).</summary>
    internal ReadOnlySpan<byte> ChainingKey => _chainingKey;

    /// <summary>AEAD(k, n, empty, plaintext) into <paramref name="destination"/> (plaintext + tag bytes); n += 1.</summary>
    public void Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        _aead.Encrypt(Nonce, ReadOnlySpan<byte>.Empty, plaintext, destination);
        Advance();
    }

    /// <summary>Opens AEAD(k, n, empty, ·); n += 1 only on success (a failure ends the connection anyway).</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        if (!_aead.TryDecrypt(Nonce, ReadOnlySpan<byte>.Empty, ciphertext, plaintext))
        {
            return false;
        }

        Advance();
        return true;
    }

    public void Dispose()
    {
        _aead.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_chainingKey);
    }

    private void Advance()
    {
        Nonce++;
        if (Nonce == RotationNonce)
        {
            Rotate();
        }
    }

    private void Rotate()
    {
        // ck', k' = HKDF(ck, k): the salt is the old ck, the input key material the old k.
        Hkdf.DeriveTwoKeys(_chainingKey, _key, _chainingKey, _key);
        _aead.Dispose();
        _aead = new ChaChaPolyAead(_key);
        Nonce = 0;
    }
}
