using System.Security.Cryptography;
using System.Text;
using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Transport.Handshake;

/// <summary>
/// The running state both sides build identically (docs/transport.md "Handshake"): the
/// transcript hash h, the chaining key ck and the act key k. Starts as
/// h = H(label), ck = h, h = H(h || prologue). Wiped on <see cref="Dispose"/>.
/// </summary>
internal sealed class HandshakeTranscript : IDisposable
{
    private readonly byte[] _h = GC.AllocateArray<byte>(HandshakeSizes.Hash, pinned: true);
    private readonly byte[] _ck = GC.AllocateArray<byte>(HandshakeSizes.Hash, pinned: true);
    private readonly byte[] _k = GC.AllocateArray<byte>(HandshakeSizes.Key, pinned: true);
    private ChaChaPolyAead? _aead;

    public HandshakeTranscript(string networkName)
    {
        Hashes.Sha256(HandshakeProtocol.Label, _h);
        _h.CopyTo(_ck, 0);
        // The prologue binds the handshake to one network: nodes of two networks never agree on h.
        var prologue = Encoding.UTF8.GetBytes(networkName);
        MixHash(prologue);
    }

    /// <summary>The transcript hash h so far (exposed for the known-answer vectors).</summary>
    public ReadOnlySpan<byte> Hash => _h;

    /// <summary>The chaining key ck so far (exposed for the known-answer vectors).</summary>
    public ReadOnlySpan<byte> ChainingKey => _ck;

    /// <summary>h = H(h || data).</summary>
    public void MixHash(ReadOnlySpan<byte> data) => Hashes.Sha256(_h, data, _h);

    /// <summary>ck, k = HKDF(ck, ikm): called once, with the ephemeral ECDH secret.</summary>
    public void MixKey(ReadOnlySpan<byte> ikm)
    {
        Hkdf.DeriveTwoKeys(_ck, ikm, _ck, _k);
        _aead?.Dispose();
        _aead = new ChaChaPolyAead(_k);
    }

    /// <summary>
    /// ck, k = HKDF(ck, ECDH(secret, point)): the one DH of the handshake, the same step on
    /// both sides (docs/transport.md "Act two"). The shared secret is wiped; false if the point or
    /// secret is unusable.
    /// </summary>
    public bool TryMixSharedSecret(ReadOnlySpan<byte> secret, in PublicKey point)
    {
        Span<byte> sharedSecret = stackalloc byte[KeySizes.Hash];
        try
        {
            if (!Secp256k1.TryEcdh(secret, point, sharedSecret))
            {
                return false;
            }

            MixKey(sharedSecret);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>The 32-byte message a role signs: H(role || h).</summary>
    public void SignedMessage(ReadOnlySpan<byte> role, Span<byte> message) => Hashes.Sha256(role, _h, message);

    /// <summary>AEAD(k, nonce, h, plaintext) into <paramref name="destination"/>, then h = H(h || ciphertext).</summary>
    public void EncryptAndHash(ulong nonce, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        var aead = _aead ?? throw new InvalidOperationException("No act key yet.");
        var sealedLength = plaintext.Length + KeySizes.AeadTag;
        aead.Encrypt(nonce, _h, plaintext, destination);
        MixHash(destination[..sealedLength]);
    }

    /// <summary>Opens AEAD(k, nonce, h, ·); on success h = H(h || ciphertext). On failure h is unchanged.</summary>
    public bool TryDecryptAndHash(ulong nonce, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        var aead = _aead ?? throw new InvalidOperationException("No act key yet.");
        if (!aead.TryDecrypt(nonce, _h, ciphertext, plaintext))
        {
            return false;
        }

        MixHash(ciphertext);
        return true;
    }

    /// <summary>sk_I, sk_R = HKDF(ck, empty) (docs/transport.md "Transport keys").</summary>
    public void SplitTransportKeys(Span<byte> initiatorSendKey, Span<byte> responderSendKey) =>
        Hkdf.DeriveTwoKeys(_ck, ReadOnlySpan<byte>.Empty, initiatorSendKey, responderSendKey);

    public void Dispose()
    {
        _aead?.Dispose();
        _aead = null;
        CryptographicOperations.ZeroMemory(_h);
        CryptographicOperations.ZeroMemory(_ck);
        CryptographicOperations.ZeroMemory(_k);
    }
}
