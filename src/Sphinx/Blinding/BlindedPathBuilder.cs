using System.Security.Cryptography;
using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Blinding;

/// <summary>What the path writer derived for one hop (for vectors and the <c>onion blind</c> verb).</summary>
public sealed record BlindedHopBuildTrace(PublicKey PathKey, byte[] SharedSecret, byte[] Rho, PublicKey BlindedNodeId, byte[] EncryptedData);

/// <summary>
/// The recipient's side of BOLT 4 "Route Blinding" for one writer's segment N_0 … N_r:
/// from a path secret e_0, per hop ss_i = ECDH(e_i, N_i), rho_i, B_i, the blob
/// ChaCha20-Poly1305(rho_i, nonce 0, no associated data) of the hop's plaintext, and
/// e_i+1 = SHA256(E_i || ss_i)·e_i. The plaintexts are taken as they are: pad them first
/// (<see cref="RecipientDataPadding"/>) so every blob has one length.
/// </summary>
public static class BlindedPathBuilder
{
    /// <summary>One hop to blind: the real node id and its encoded <c>encrypted_data_tlv</c> stream.</summary>
    public readonly record struct Hop(PublicKey NodeId, ReadOnlyMemory<byte> RecipientData);

    /// <summary>Builds with a fresh random path secret: what a recipient publishing a path must use.</summary>
    public static BlindedPath Build(IReadOnlyList<Hop> hops)
    {
        Span<byte> secret = stackalloc byte[KeySizes.SecretKey];
        try
        {
            do
            {
                SystemRandom.Fill(secret);
            }
            while (!Secp256k1.IsValidSecret(secret));

            return BuildWithPathSecret(secret, hops, out _);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// Builds from an explicit path secret e_0 (vectors and the debugging verb; a published
    /// path must use a fresh random one, see <see cref="Build"/>), with every hop's intermediate values.
    /// </summary>
    public static BlindedPath BuildWithPathSecret(ReadOnlySpan<byte> pathSecret, IReadOnlyList<Hop> hops, out IReadOnlyList<BlindedHopBuildTrace> trace)
    {
        if (!Secp256k1.IsValidSecret(pathSecret))
        {
            throw new ArgumentException("The path secret is not a valid secp256k1 secret.", nameof(pathSecret));
        }

        if (hops.Count == 0)
        {
            throw new ArgumentException("A blinded path has at least one hop.", nameof(hops));
        }

        var traces = new List<BlindedHopBuildTrace>(hops.Count);
        Span<byte> secret = stackalloc byte[KeySizes.SecretKey];
        pathSecret.CopyTo(secret);
        try
        {
            for (var i = 0; i < hops.Count; i++)
            {
                if (!Secp256k1.TryDerivePublicKey(secret, out var pathKey))
                {
                    throw new CryptographicException("Path key derivation failed.");
                }

                var shared = new byte[BlindingKeys.SecretSize];
                if (!Secp256k1.TryEcdh(secret, hops[i].NodeId, shared))
                {
                    throw new ArgumentException($"Hop {i}'s node id is not a valid public key.", nameof(hops));
                }

                var rho = new byte[BlindingKeys.SecretSize];
                BlindingKeys.Rho(shared, rho);
                var blob = RecipientDataCipher.Encrypt(rho, hops[i].RecipientData.Span);
                traces.Add(new BlindedHopBuildTrace(pathKey, shared, rho, BlindingKeys.BlindedNodeId(hops[i].NodeId, shared), blob));
                BlindingKeys.AdvancePathSecret(secret, pathKey, shared);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        trace = traces;
        return new BlindedPath(hops[0].NodeId, traces[0].PathKey, [.. traces.Select(t => new BlindedPathHop(t.BlindedNodeId, t.EncryptedData))]);
    }
}
