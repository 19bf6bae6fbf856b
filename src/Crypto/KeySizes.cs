namespace LnRelay.Crypto;

/// <summary>Sizes of secp256k1 and hash values, named once.</summary>
public static class KeySizes
{
    /// <summary>A secret key or tweak: a 256-bit big-endian scalar.</summary>
    public const int SecretKey = 32;

    /// <summary>SEC1 compressed point: 0x02/0x03 parity prefix + 32-byte X.</summary>
    public const int CompressedPublicKey = 33;

    /// <summary>BIP340 x-only public key.</summary>
    public const int XOnlyPublicKey = 32;

    /// <summary>BIP340 Schnorr signature (R.x || s).</summary>
    public const int SchnorrSignature = 64;

    /// <summary>SHA256 output, HMAC-SHA256 output, and the BOLT ECDH shared secret.</summary>
    public const int Hash = 32;

    /// <summary>ChaCha20 key.</summary>
    public const int ChaChaKey = 32;

    /// <summary>RFC 8439 nonce.</summary>
    public const int ChaChaNonce = 12;

    /// <summary>Poly1305 tag appended by the AEAD.</summary>
    public const int AeadTag = 16;
}
