using LnRelay.Crypto;

namespace LnRelay.Transport.Handshake;

/// <summary>
/// Byte sizes of the STS handshake acts (docs/transport.md "Handshake"), named once and
/// built from their parts. Every act has a fixed size, so a reader knows exactly how
/// many bytes to wait for and never parses a length chosen by the peer.
/// </summary>
internal static class HandshakeSizes
{
    /// <summary>The leading version byte of every act.</summary>
    public const int Version = 1;

    /// <summary>A compressed secp256k1 point (ephemeral keys and node ids).</summary>
    public const int PublicKey = KeySizes.CompressedPublicKey;

    /// <summary>A BIP340 signature.</summary>
    public const int Signature = KeySizes.SchnorrSignature;

    /// <summary>The plaintext of <c>c2</c> and <c>c3</c>: the signer's node id followed by its signature.</summary>
    public const int IdentityPayload = PublicKey + Signature;

    /// <summary><c>c2</c> and <c>c3</c>: the identity payload sealed with a Poly1305 tag.</summary>
    public const int SealedIdentity = IdentityPayload + KeySizes.AeadTag;

    /// <summary>Act one: version || X.</summary>
    public const int ActOne = Version + PublicKey;

    /// <summary>Act two: version || Y || c2.</summary>
    public const int ActTwo = Version + PublicKey + SealedIdentity;

    /// <summary>Act three: version || c3.</summary>
    public const int ActThree = Version + SealedIdentity;

    /// <summary>The running hash h, the chaining key ck and every derived key.</summary>
    public const int Hash = KeySizes.Hash;

    /// <summary>A transport or act key.</summary>
    public const int Key = KeySizes.ChaChaKey;
}
