using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// The key derivations of BOLT 4 "Route Blinding", for both sides of one blinded hop i:
/// <code>
/// ss_i  = ECDH(e_i, N_i) = ECDH(k_i, E_i)          shared secret (32 bytes)
/// rho_i = HMAC("rho", ss_i)                         key of the hop's encrypted_recipient_data
/// B_i   = HMAC("blinded_node_id", ss_i)·N_i         blinded node id; b_i = HMAC(...)·k_i
/// E_i+1 = SHA256(E_i || ss_i)·E_i                   next path key; e_i+1 = SHA256(E_i || ss_i)·e_i
/// </code>
/// Spans in, spans out; transient secrets stay on the caller's stack. Functions that cannot
/// fail for valid inputs (a hash output is a valid scalar except with probability ~2^-128)
/// throw <see cref="CryptographicException"/> if they do, as the onion builder does.
/// </summary>
internal static class BlindingKeys
{
    /// <summary>Every derived value here is one SHA256 or HMAC-SHA256 output.</summary>
    public const int SecretSize = KeySizes.Hash;

    /// <summary>The HMAC key (ASCII label) of the blinding factor.</summary>
    public static ReadOnlySpan<byte> BlindedNodeIdLabel => "blinded_node_id"u8;

    /// <summary>rho_i = HMAC("rho", ss_i): the same label the onion uses for its stream.</summary>
    public static void Rho(ReadOnlySpan<byte> sharedSecret, Span<byte> destination) =>
        OnionKeys.Derive(OnionKeyType.Rho, sharedSecret, destination);

    /// <summary>HMAC("blinded_node_id", ss_i): the scalar that blinds N_i (and k_i).</summary>
    public static void BlindingFactor(ReadOnlySpan<byte> sharedSecret, Span<byte> destination) =>
        Hashes.HmacSha256(BlindedNodeIdLabel, sharedSecret, destination[..SecretSize]);

    /// <summary>B_i = HMAC("blinded_node_id", ss_i)·N_i (the writer's side).</summary>
    public static PublicKey BlindedNodeId(in PublicKey nodeId, ReadOnlySpan<byte> sharedSecret)
    {
        Span<byte> factor = stackalloc byte[SecretSize];
        BlindingFactor(sharedSecret, factor);
        return nodeId.TryMultiply(factor, out var blinded)
            ? blinded
            : throw new CryptographicException("The blinding factor is not a valid scalar.");
    }

    /// <summary>b_i = HMAC("blinded_node_id", ss_i)·k_i mod n (the reader's side), written over <paramref name="nodeSecret"/>.</summary>
    public static void BlindPrivateKey(Span<byte> nodeSecret, ReadOnlySpan<byte> sharedSecret)
    {
        Span<byte> factor = stackalloc byte[SecretSize];
        BlindingFactor(sharedSecret, factor);
        if (!Secp256k1.TryMultiplySecret(nodeSecret, factor))
        {
            throw new CryptographicException("The blinding factor is not a valid scalar.");
        }
    }

    /// <summary>SHA256(E_i || ss_i): the factor from one path key to the next.</summary>
    public static void NextPathKeyFactor(in PublicKey pathKey, ReadOnlySpan<byte> sharedSecret, Span<byte> destination)
    {
        Span<byte> compressed = stackalloc byte[KeySizes.CompressedPublicKey];
        pathKey.WriteCompressed(compressed);
        Hashes.Sha256(compressed, sharedSecret, destination[..SecretSize]);
    }

    /// <summary>E_i+1 = SHA256(E_i || ss_i)·E_i (the reader's side).</summary>
    public static PublicKey NextPathKey(in PublicKey pathKey, ReadOnlySpan<byte> sharedSecret)
    {
        Span<byte> factor = stackalloc byte[SecretSize];
        NextPathKeyFactor(pathKey, sharedSecret, factor);
        return pathKey.TryMultiply(factor, out var next)
            ? next
            : throw new CryptographicException("The path key factor is not a valid scalar.");
    }

    /// <summary>e_i+1 = SHA256(E_i || ss_i)·e_i (the writer's side), in place over <paramref name="pathSecret"/>.</summary>
    public static void AdvancePathSecret(Span<byte> pathSecret, in PublicKey pathKey, ReadOnlySpan<byte> sharedSecret)
    {
        Span<byte> factor = stackalloc byte[SecretSize];
        NextPathKeyFactor(pathKey, sharedSecret, factor);
        if (!Secp256k1.TryMultiplySecret(pathSecret, factor))
        {
            throw new CryptographicException("The path key factor is not a valid scalar.");
        }
    }
}
