using LnRelay.Crypto;

namespace LnRelay.Sphinx.Blinding;

/// <summary>One hop of a published path: its blinded id and its opaque <c>encrypted_recipient_data</c>.</summary>
public sealed record BlindedPathHop(PublicKey BlindedNodeId, byte[] EncryptedData);

/// <summary>
/// A <c>blinded_path</c> as the recipient publishes it (BOLT 4 "Route Blinding"):
/// the introduction node's real id, the first path key E_0, and per hop the blinded id
/// and blob (dummy hops included, indistinguishable from real ones). Hop 0's blinded id is
/// not used by a payer, who encrypts the introduction node's layer to its real id.
/// </summary>
public sealed record BlindedPath(PublicKey FirstNodeId, PublicKey FirstPathKey, IReadOnlyList<BlindedPathHop> Hops)
{
    /// <summary>
    /// This path followed by <paramref name="suffix"/>: BOLT 4 allows a writer to prepend
    /// hops to a path made by someone else, provided this path's last blob carries
    /// <c>next_path_key_override</c> = <paramref name="suffix"/>'s first path key (the blob is
    /// opaque here, so that is the caller's promise).
    /// </summary>
    public BlindedPath Concatenate(BlindedPath suffix) => this with { Hops = [.. Hops, .. suffix.Hops] };
}
