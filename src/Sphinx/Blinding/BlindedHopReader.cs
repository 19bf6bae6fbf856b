using System.Security.Cryptography;
using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// A decrypted blinded hop: the blob's plaintext and its records, and the path key to hand
/// the next hop, which is <c>next_path_key_override</c> when the blob has one (BOLT 4: the
/// reader MUST forward it instead of the computed key), else E_i+1 = SHA256(E_i || ss_i)·E_i.
/// <see cref="ComputedNextPathKey"/> is that computed key either way (null when not asked for).
/// </summary>
public sealed record UnblindedHop(byte[] Plaintext, RecipientData Data, PublicKey? NextPathKey, PublicKey? ComputedNextPathKey);

/// <summary>
/// The reader's side of BOLT 4 "Route Blinding" for one hop: from the node's key k_i and
/// the path key E_i, ss_i = ECDH(k_i, E_i), the blob's key rho_i, its plaintext and records,
/// and the next path key; also the blinded private key b_i = HMAC("blinded_node_id", ss_i)·k_i
/// that the hop's onion layer was encrypted to.
/// </summary>
public static class BlindedHopReader
{
    /// <summary>b_i, as a key (the unblind vector and the <c>onion peel --path-key</c> verb; a node peels through <see cref="BlindedOnionPeeler"/>).</summary>
    public static PrivateKey DeriveBlindedPrivateKey(PrivateKey nodeKey, in PublicKey pathKey)
    {
        Span<byte> shared = stackalloc byte[BlindingKeys.SecretSize];
        Span<byte> secret = stackalloc byte[KeySizes.SecretKey];
        try
        {
            if (!nodeKey.TryEcdh(pathKey, shared))
            {
                throw new ArgumentException("The path key is not a valid point.", nameof(pathKey));
            }

            nodeKey.WriteSecret(secret);
            BlindingKeys.BlindPrivateKey(secret, shared);
            return PrivateKey.Create(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>
    /// Decrypts and decodes <paramref name="encryptedData"/>; <see cref="BlindingFailureReason.None"/>
    /// with the hop, or why not (a blob that does not authenticate, or a bad record stream).
    /// </summary>
    public static BlindingFailureReason TryUnblind(PrivateKey nodeKey, in PublicKey pathKey, ReadOnlySpan<byte> encryptedData, out UnblindedHop? hop)
    {
        Span<byte> shared = stackalloc byte[BlindingKeys.SecretSize];
        try
        {
            if (!nodeKey.TryEcdh(pathKey, shared))
            {
                hop = null;
                return BlindingFailureReason.InvalidPathKey;
            }

            return TryUnblind(shared, pathKey, encryptedData, computeNextPathKey: true, out hop);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>The same from an already computed ss_i; the next path key only when asked (a final hop has no use for it).</summary>
    internal static BlindingFailureReason TryUnblind(ReadOnlySpan<byte> sharedSecret, in PublicKey pathKey, ReadOnlySpan<byte> encryptedData, bool computeNextPathKey, out UnblindedHop? hop)
    {
        hop = null;
        if (encryptedData.Length < RecipientDataCipher.TagSize)
        {
            return BlindingFailureReason.UndecryptableRecipientData;
        }

        Span<byte> rho = stackalloc byte[BlindingKeys.SecretSize];
        BlindingKeys.Rho(sharedSecret, rho);
        var plaintext = new byte[encryptedData.Length - RecipientDataCipher.TagSize];
        var opened = RecipientDataCipher.TryDecrypt(rho, encryptedData, plaintext);
        CryptographicOperations.ZeroMemory(rho);
        if (!opened)
        {
            return BlindingFailureReason.UndecryptableRecipientData;
        }

        if (!RecipientData.TryParse(plaintext, out var data, out _))
        {
            return BlindingFailureReason.InvalidRecipientData;
        }

        PublicKey? computed = computeNextPathKey ? BlindingKeys.NextPathKey(pathKey, sharedSecret) : null;
        hop = new UnblindedHop(plaintext, data, data.NextPathKeyOverride ?? computed, computed);
        return BlindingFailureReason.None;
    }
}
