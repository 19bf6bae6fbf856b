using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// A long-lived secp256k1 secret key (a node's identity). The 32 bytes live in a
/// pinned array (never moved, so never copied by the GC) and are wiped on
/// <see cref="Dispose"/>. Its public key and BIP340 keypair are computed once.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    private readonly byte[] _secret;
    private secp256k1_keypair _keypair;
    private bool _disposed;

    private PrivateKey(byte[] pinnedSecret, PublicKey publicKey, in secp256k1_keypair keypair)
    {
        _secret = pinnedSecret;
        PublicKey = publicKey;
        _keypair = keypair;
    }

    /// <summary>The 33-byte compressed public key: the node id.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>A fresh key from the operating system's CSPRNG.</summary>
    public static PrivateKey Generate()
    {
        Span<byte> candidate = stackalloc byte[KeySizes.SecretKey];
        try
        {
            while (true)
            {
                SystemRandom.Fill(candidate);
                if (TryCreate(candidate, out var key))
                {
                    return key;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>False unless <paramref name="secret"/> is 32 bytes, non-zero and below the group order. The caller keeps ownership of (and should wipe) its buffer.</summary>
    public static unsafe bool TryCreate(ReadOnlySpan<byte> secret, out PrivateKey key)
    {
        key = null!;
        if (!Secp256k1.TryDerivePublicKey(secret, out var publicKey))
        {
            return false;
        }

        var pinned = GC.AllocateArray<byte>(KeySizes.SecretKey, pinned: true);
        secret.CopyTo(pinned);
        var keypair = default(secp256k1_keypair);
        fixed (byte* s = pinned)
        {
            if (Libsecp256k1.secp256k1_keypair_create(NativeCrypto.Context, ref keypair, s) != 1)
            {
                CryptographicOperations.ZeroMemory(pinned);
                return false;
            }
        }

        key = new PrivateKey(pinned, publicKey, keypair);
        return true;
    }

    /// <summary>Creates a key from trusted bytes or throws <see cref="ArgumentException"/>.</summary>
    public static PrivateKey Create(ReadOnlySpan<byte> secret) =>
        TryCreate(secret, out var key) ? key : throw new ArgumentException("Not a valid secp256k1 secret key (must be 32 bytes, non-zero, below the group order).", nameof(secret));

    /// <summary>The secret itself, for the one place that must persist it (the node's key file).</summary>
    public void WriteSecret(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _secret.CopyTo(destination);
    }

    /// <summary>The BOLT shared secret with <paramref name="point"/>; see <see cref="Secp256k1.TryEcdh"/>.</summary>
    public bool TryEcdh(in PublicKey point, Span<byte> sharedSecret)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Secp256k1.TryEcdh(_secret, point, sharedSecret);
    }

    /// <summary>
    /// BIP340 Schnorr signature over a 32-byte message with fresh auxiliary randomness
    /// from the CSPRNG (BIP340 "Default Signing"). Writes 64 bytes.
    /// </summary>
    public void SignSchnorr(ReadOnlySpan<byte> message32, Span<byte> signature)
    {
        Span<byte> aux = stackalloc byte[KeySizes.Hash];
        SystemRandom.Fill(aux);
        SignSchnorr(message32, aux, signature);
    }

    /// <summary>
    /// BIP340 Schnorr signature over a message of any length with caller-chosen
    /// auxiliary randomness (32 bytes, or empty for none): the deterministic form the
    /// BIP340 test vectors and this project's transport vectors use.
    /// </summary>
    public unsafe void SignSchnorr(ReadOnlySpan<byte> message, ReadOnlySpan<byte> auxRand, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (signature.Length < KeySizes.SchnorrSignature)
        {
            throw new ArgumentException("Needs 64 bytes.", nameof(signature));
        }

        if (auxRand.Length is not 0 and not KeySizes.Hash)
        {
            throw new ArgumentException("Auxiliary randomness is 32 bytes or none.", nameof(auxRand));
        }

        fixed (byte* sig = signature)
        fixed (byte* msg = message)
        fixed (byte* aux = auxRand)
        {
            int ok;
            if (message.Length == KeySizes.Hash)
            {
                ok = Libsecp256k1.secp256k1_schnorrsig_sign32(NativeCrypto.Context, sig, msg, in _keypair, auxRand.IsEmpty ? null : aux);
            }
            else
            {
                var extra = new secp256k1_schnorrsig_extraparams
                {
                    magic = secp256k1_schnorrsig_extraparams.Magic,
                    noncefp = 0,
                    ndata = auxRand.IsEmpty ? null : aux,
                };
                ok = Libsecp256k1.secp256k1_schnorrsig_sign_custom(NativeCrypto.Context, sig, msg, (nuint)message.Length, in _keypair, &extra);
            }

            if (ok != 1)
            {
                // Cannot happen with a valid keypair: a bug, not an input problem.
                throw new CryptographicException("secp256k1_schnorrsig_sign failed.");
            }
        }
    }

    /// <summary>
    /// ECDSA signature over a 32-byte hash with an RFC 6979 deterministic nonce
    /// (libsecp256k1's default nonce function, no extra entropy), so the same key and
    /// hash always give the same signature. Writes the 64-byte compact R || S of the BOLT 1
    /// <c>signature</c> type, always low-S (see <see cref="EcdsaSignature"/>).
    /// The caller hashes: BOLT 7 gossip signs double-SHA256 of the message.
    /// </summary>
    public unsafe void SignEcdsa(ReadOnlySpan<byte> hash32, Span<byte> signature64)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (hash32.Length != KeySizes.Hash)
        {
            throw new ArgumentException("ECDSA signs a 32-byte hash.", nameof(hash32));
        }

        if (signature64.Length < EcdsaSignature.Size)
        {
            throw new ArgumentException("Needs 64 bytes.", nameof(signature64));
        }

        var native = default(secp256k1_ecdsa_signature);
        fixed (byte* msg = hash32)
        fixed (byte* s = _secret)
        fixed (byte* sig = signature64)
        {
            if (Libsecp256k1.secp256k1_ecdsa_sign(NativeCrypto.Context, ref native, msg, s, 0, 0) != 1
                || Libsecp256k1.secp256k1_ecdsa_signature_serialize_compact(NativeCrypto.Context, sig, in native) != 1)
            {
                // The RFC 6979 nonce function cannot fail for a valid key: a bug, not an input problem.
                throw new CryptographicException("secp256k1_ecdsa_sign failed.");
            }
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_secret);
            MemoryMarshal.AsBytes(new Span<secp256k1_keypair>(ref _keypair)).Clear();
        }
    }
}
