using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// The few libsodium functions lnrelay needs (the bundled 1.0.22, <see cref="BundledLibraries"/>),
/// as declared in sodium/core.h, sodium/version.h, sodium/crypto_stream_chacha20.h,
/// sodium/crypto_aead_chacha20poly1305.h and sodium/crypto_auth_hmacsha256.h, names verbatim.
/// </summary>
internal static unsafe partial class Libsodium
{
    internal const string LibraryName = "sodium";

    /// <summary>0 on success, 1 if already initialised, -1 on failure.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int sodium_init();

    /// <summary>The library's version, a static NUL-terminated string such as "1.0.22".</summary>
    [LibraryImport(LibraryName)]
    internal static partial nint sodium_version_string();

    /// <summary>
    /// RFC 8439 ChaCha20 (96-bit nonce, 32-bit block counter <paramref name="ic"/>):
    /// <c>c = m XOR keystream</c>. <paramref name="c"/> may equal <paramref name="m"/>.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static partial int crypto_stream_chacha20_ietf_xor_ic(byte* c, byte* m, ulong mlen, byte* n, uint ic, byte* k);

    /// <summary>RFC 8439 AEAD seal: <c>c = ciphertext || 16-byte tag</c>; <paramref name="nsec"/> is unused (null).</summary>
    [LibraryImport(LibraryName)]
    internal static partial int crypto_aead_chacha20poly1305_ietf_encrypt(byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);

    /// <summary>RFC 8439 AEAD open: 0 when the tag verifies (then <paramref name="m"/> holds the plaintext), -1 otherwise.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int crypto_aead_chacha20poly1305_ietf_decrypt(byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);

    /// <summary>Bytes of a <c>crypto_auth_hmacsha256_state</c> (two SHA-256 states: inner and outer).</summary>
    [LibraryImport(LibraryName)]
    internal static partial nuint crypto_auth_hmacsha256_statebytes();

    /// <summary>Starts an HMAC-SHA256 with a key of any length: absorbs the padded key into both halves of the state.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int crypto_auth_hmacsha256_init(byte* state, byte* key, nuint keylen);

    [LibraryImport(LibraryName)]
    internal static partial int crypto_auth_hmacsha256_update(byte* state, byte* @in, ulong inlen);

    /// <summary>Writes the 32-byte MAC and wipes the state.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int crypto_auth_hmacsha256_final(byte* state, byte* @out);
}
