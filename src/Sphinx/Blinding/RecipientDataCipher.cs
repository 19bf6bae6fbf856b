using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// The blob cipher of BOLT 4 "Route Blinding": ChaCha20-Poly1305 (RFC 8439) keyed with
/// rho_i, a 12-byte all-zero nonce and no associated data; the blob is ciphertext || 16-byte
/// tag. A zero nonce is safe because each rho_i encrypts exactly one plaintext. The one-shot
/// form (<see cref="ChaChaPolyOneShot"/>) needs no per-key object, which matters on the
/// blinded relay's peel (docs/performance.md, "Peel of a blinded hop").
/// </summary>
internal static class RecipientDataCipher
{
    /// <summary>The tag the AEAD appends.</summary>
    public const int TagSize = KeySizes.AeadTag;

    public static byte[] Encrypt(ReadOnlySpan<byte> rho, ReadOnlySpan<byte> plaintext)
    {
        var blob = new byte[plaintext.Length + TagSize];
        ChaChaPolyOneShot.Seal(rho, default, default, plaintext, blob);
        return blob;
    }

    /// <summary>False when the blob is shorter than a tag or does not authenticate under <paramref name="rho"/>.</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> rho, ReadOnlySpan<byte> blob, Span<byte> plaintext) =>
        ChaChaPolyOneShot.TryOpen(rho, default, default, blob, plaintext);
}
