using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439) for a key used once, with no per-key object: libsodium's
/// <c>crypto_aead_chacha20poly1305_ietf_*</c>, the same library as <see cref="ChaCha20Stream"/>.
/// For BOLT 4 route blinding, whose blobs each have their own key and a zero nonce
/// (docs/blinded-paths.md); a long-lived key (the transport) uses <see cref="ChaChaPolyAead"/>.
/// An empty nonce means 12 zero bytes.
/// </summary>
public static unsafe class ChaChaPolyOneShot
{
    private static readonly byte[] ZeroNonce = new byte[KeySizes.ChaChaNonce];

    /// <summary>Writes <c>ciphertext || tag</c> (plaintext length + 16 bytes).</summary>
    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (destination.Length < plaintext.Length + KeySizes.AeadTag)
        {
            throw new ArgumentException("Destination is shorter than plaintext + 16.", nameof(destination));
        }

        var n = Prepare(key, nonce);
        ulong written;
        fixed (byte* k = key)
        fixed (byte* np = n)
        fixed (byte* ad = associatedData)
        fixed (byte* m = plaintext)
        fixed (byte* c = destination)
        {
            _ = IsShort(plaintext.Length, associatedData.Length)
                ? Libsodium.crypto_aead_chacha20poly1305_ietf_encrypt_short(c, &written, m, (ulong)plaintext.Length, ad, (ulong)associatedData.Length, null, np, k)
                : Libsodium.crypto_aead_chacha20poly1305_ietf_encrypt(c, &written, m, (ulong)plaintext.Length, ad, (ulong)associatedData.Length, null, np, k);
        }
    }

    /// <summary>
    /// Opens <c>ciphertext || tag</c> into <paramref name="plaintext"/> (at least ciphertext length
    /// bytes). False when it is shorter than a tag or does not authenticate; then nothing
    /// written may be used.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        var n = Prepare(key, nonce);
        var bodyLength = ciphertextAndTag.Length - KeySizes.AeadTag;
        if (bodyLength < 0 || plaintext.Length < bodyLength)
        {
            return false;
        }

        ulong written;
        fixed (byte* k = key)
        fixed (byte* np = n)
        fixed (byte* ad = associatedData)
        fixed (byte* c = ciphertextAndTag)
        fixed (byte* m = plaintext)
        {
            return (IsShort(bodyLength, associatedData.Length)
                ? Libsodium.crypto_aead_chacha20poly1305_ietf_decrypt_short(m, &written, null, c, (ulong)ciphertextAndTag.Length, ad, (ulong)associatedData.Length, np, k)
                : Libsodium.crypto_aead_chacha20poly1305_ietf_decrypt(m, &written, null, c, (ulong)ciphertextAndTag.Length, ad, (ulong)associatedData.Length, np, k)) == 0;
        }
    }

    /// <summary>
    /// Whether the call may skip the GC transition (<see cref="Libsodium.ShortInput"/>): without AVX2 the
    /// transport's frames make over a hundred of these calls a payment (docs/performance.md, "Line CPU outside
    /// the onion"); route blinding's blobs make a few.
    /// </summary>
    private static bool IsShort(int messageLength, int associatedDataLength) => messageLength + associatedDataLength <= Libsodium.ShortInput;

    /// <summary>Checks the sizes, makes sure the library is loaded, and returns the nonce to use.</summary>
    private static ReadOnlySpan<byte> Prepare(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != KeySizes.ChaChaKey)
        {
            throw new ArgumentException("ChaCha20-Poly1305 keys are 32 bytes.", nameof(key));
        }

        if (!nonce.IsEmpty && nonce.Length != KeySizes.ChaChaNonce)
        {
            throw new ArgumentException("RFC 8439 nonces are 12 bytes.", nameof(nonce));
        }

        NativeCrypto.EnsureAvailable();
        return nonce.IsEmpty ? ZeroNonce : nonce;
    }
}
