using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// Span-level secp256k1 operations for hot paths that hold transient secrets in
/// stack buffers (onion construction's ephemeral keys, peeling). Long-lived secrets
/// use <see cref="PrivateKey"/>. Every method returns false on invalid input
/// (a secret that is zero or not below the group order, a wrong length) and never
/// throws for it.
/// </summary>
public static unsafe class Secp256k1
{
    /// <summary>True if <paramref name="secret"/> is 32 bytes, non-zero and below the group order.</summary>
    public static bool IsValidSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != KeySizes.SecretKey)
        {
            return false;
        }

        fixed (byte* s = secret)
        {
            return Libsecp256k1.secp256k1_ec_seckey_verify(NativeCrypto.Context, s) == 1;
        }
    }

    /// <summary>secret·G.</summary>
    public static bool TryDerivePublicKey(ReadOnlySpan<byte> secret, out PublicKey publicKey)
    {
        publicKey = default;
        if (secret.Length != KeySizes.SecretKey)
        {
            return false;
        }

        var native = default(secp256k1_pubkey);
        fixed (byte* s = secret)
        {
            if (Libsecp256k1.secp256k1_ec_pubkey_create(NativeCrypto.Context, ref native, s) != 1)
            {
                return false;
            }
        }

        publicKey = new PublicKey(native);
        return true;
    }

    /// <summary>
    /// The BOLT shared secret SHA256(compressed(secret·point)) (BOLT 4 "Shared Secret",
    /// BOLT 8 "Handshake State" ECDH): libsecp256k1's <c>secp256k1_ecdh</c> with its
    /// default hash function. Writes 32 bytes.
    /// </summary>
    public static bool TryEcdh(ReadOnlySpan<byte> secret, in PublicKey point, Span<byte> sharedSecret)
    {
        if (secret.Length != KeySizes.SecretKey || sharedSecret.Length < KeySizes.Hash || !point.IsValid)
        {
            return false;
        }

        fixed (byte* s = secret)
        fixed (byte* o = sharedSecret)
        {
            return Libsecp256k1.secp256k1_ecdh(NativeCrypto.Context, o, in point.Native, s, 0, 0) == 1;
        }
    }

    /// <summary>secret = secret·tweak mod n, in place (BOLT 4 "Blinding Ephemeral Onion Keys"). On failure the secret is unchanged.</summary>
    public static bool TryMultiplySecret(Span<byte> secret, ReadOnlySpan<byte> tweak)
    {
        if (secret.Length != KeySizes.SecretKey || tweak.Length != KeySizes.SecretKey)
        {
            return false;
        }

        return TryTweakSecretCopy(secret, tweak, secret, &Libsecp256k1.secp256k1_ec_seckey_tweak_mul);
    }

    /// <summary>
    /// Runs a libsecp256k1 scalar operation (<c>secp256k1_ec_seckey_tweak_mul</c>, <c>_tweak_add</c>,
    /// <c>_negate</c>) on a stack copy of <paramref name="secret"/> and writes the result to
    /// <paramref name="result"/> only on success: the library overwrites its input when it refuses
    /// a tweak, so a refused operation leaves the caller's bytes as they were. The copy is wiped.
    /// The caller has checked the lengths (32 bytes each; <paramref name="tweak"/> may be empty for a
    /// one-operand operation).
    /// </summary>
    internal static bool TryTweakSecretCopy(
        ReadOnlySpan<byte> secret,
        ReadOnlySpan<byte> tweak,
        Span<byte> result,
        delegate*<Secp256k1ContextHandle, byte*, byte*, int> operation)
    {
        Span<byte> work = stackalloc byte[KeySizes.SecretKey];
        secret.CopyTo(work);
        try
        {
            fixed (byte* s = work)
            fixed (byte* t = tweak)
            {
                if (operation(NativeCrypto.Context, s, t) != 1)
                {
                    return false;
                }
            }

            work.CopyTo(result);
            return true;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(work);
        }
    }
}
