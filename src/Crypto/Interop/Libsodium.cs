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

    /// <summary>
    /// The longest input (message plus associated data) given to the <c>_short</c> forms below: a
    /// transport frame's 2-byte length or a message up to ChaChaPolyAead's libsodium split (127 bytes on a
    /// processor without AVX2, 1,024 without OpenSSL's kept context), sealed or opened in well under a microsecond, so the call may skip the GC transition (the rule for
    /// <see cref="SuppressGCTransitionAttribute"/>: short, no blocking, no callbacks into .NET).
    /// </summary>
    internal const int ShortInput = 1024;

    /// <summary><see cref="crypto_aead_chacha20poly1305_ietf_encrypt"/> without the GC transition: inputs up to <see cref="ShortInput"/> bytes only.</summary>
    [LibraryImport(LibraryName, EntryPoint = "crypto_aead_chacha20poly1305_ietf_encrypt")]
    [SuppressGCTransition]
    internal static partial int crypto_aead_chacha20poly1305_ietf_encrypt_short(byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);

    /// <summary><see cref="crypto_aead_chacha20poly1305_ietf_decrypt"/> without the GC transition: inputs up to <see cref="ShortInput"/> bytes (plus the tag) only.</summary>
    [LibraryImport(LibraryName, EntryPoint = "crypto_aead_chacha20poly1305_ietf_decrypt")]
    [SuppressGCTransition]
    internal static partial int crypto_aead_chacha20poly1305_ietf_decrypt_short(byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);

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
