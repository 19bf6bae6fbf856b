using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// The native floor of the benchmarks (bench/Bench and <c>lnrelay bench onion</c>): the same
/// functions as <see cref="Libsecp256k1"/> and <see cref="Libsodium"/>, in the same bundled
/// libraries, with raw pointers and a raw context (no SafeHandle, no marshalling, no checks),
/// so a wrapper's overhead shows beside them. Call <see cref="NativeCrypto.EnsureAvailable"/>
/// first: it registers the resolver that loads the bundled files.
/// </summary>
internal static unsafe partial class BareNative
{
    [LibraryImport(Libsecp256k1.LibraryName)]
    internal static partial int secp256k1_ec_pubkey_parse(nint ctx, secp256k1_pubkey* pubkey, byte* input, nuint inputlen);

    [LibraryImport(Libsecp256k1.LibraryName)]
    internal static partial int secp256k1_ec_pubkey_create(nint ctx, secp256k1_pubkey* pubkey, byte* seckey);

    [LibraryImport(Libsecp256k1.LibraryName)]
    internal static partial int secp256k1_ecdh(nint ctx, byte* output, secp256k1_pubkey* pubkey, byte* seckey, nint hashfp, nint data);

    [LibraryImport(Libsecp256k1.LibraryName)]
    internal static partial int secp256k1_ec_pubkey_tweak_mul(nint ctx, secp256k1_pubkey* pubkey, byte* tweak32);

    [LibraryImport(Libsecp256k1.LibraryName)]
    internal static partial int secp256k1_ec_seckey_tweak_mul(nint ctx, byte* seckey, byte* tweak32);

    [LibraryImport(Libsecp256k1.LibraryName)]
    internal static partial int secp256k1_schnorrsig_sign32(nint ctx, byte* sig64, byte* msg32, secp256k1_keypair* keypair, byte* auxRand32);

    [LibraryImport(Libsecp256k1.LibraryName)]
    internal static partial int secp256k1_schnorrsig_verify(nint ctx, byte* sig64, byte* msg, nuint msglen, secp256k1_xonly_pubkey* pubkey);

    /// <summary>sodium/crypto_aead_chacha20poly1305.h (IETF, 96-bit nonce); <paramref name="nsec"/> is always null.</summary>
    [LibraryImport(Libsodium.LibraryName)]
    internal static partial int crypto_aead_chacha20poly1305_ietf_encrypt(byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);

    /// <summary>
    /// 0 when the tag authenticates, -1 otherwise. Without the GC transition, as
    /// <see cref="ChaChaPolyOneShot"/> calls it for inputs up to <see cref="Libsodium.ShortInput"/> bytes (a
    /// blinded hop's blob is far shorter), so the floor's call costs no more than the code's.
    /// </summary>
    [LibraryImport(Libsodium.LibraryName)]
    [SuppressGCTransition]
    internal static partial int crypto_aead_chacha20poly1305_ietf_decrypt(byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);

    [LibraryImport(Libsodium.LibraryName)]
    internal static partial int crypto_stream_chacha20_ietf_xor_ic(byte* c, byte* m, ulong mlen, byte* n, uint ic, byte* k);

    /// <summary>
    /// HMAC-SHA256 with a 32-byte key, made bare from the same OpenSSL low-level calls the code under test
    /// uses (<see cref="Libcrypto"/>: SHA256_Init, _Update, _Final; no checks, no wiping), so a floor's
    /// HMAC is no dearer than the operation's. Where <see cref="Libcrypto.IsAvailable"/> is false the
    /// code under test uses .NET's one-shot, and so does this.
    /// </summary>
    internal static void HmacSha256(byte* key32, byte* data, int length, byte* mac)
    {
        if (!Libcrypto.IsAvailable)
        {
            System.Security.Cryptography.HMACSHA256.HashData(new ReadOnlySpan<byte>(key32, KeySizes.Hash), new ReadOnlySpan<byte>(data, length), new Span<byte>(mac, KeySizes.Hash));
            return;
        }

        const int block = OpenSslSha256.BlockSize;
        var pad = stackalloc byte[block];
        var inner = stackalloc byte[KeySizes.Hash];
        SHA256_CTX context;
        for (var i = 0; i < block; i++)
        {
            pad[i] = (byte)((i < KeySizes.Hash ? key32[i] : 0) ^ OpenSslSha256.InnerPad);
        }

        _ = Libcrypto.SHA256_Init(&context);
        _ = Libcrypto.SHA256_UpdateShort(&context, pad, block);
        Libcrypto.Update(&context, data, length);
        _ = Libcrypto.SHA256_Final(inner, &context);
        for (var i = 0; i < block; i++)
        {
            pad[i] ^= OpenSslSha256.InnerPad ^ OpenSslSha256.OuterPad;
        }

        _ = Libcrypto.SHA256_Init(&context);
        _ = Libcrypto.SHA256_UpdateShort(&context, pad, block);
        _ = Libcrypto.SHA256_UpdateShort(&context, inner, KeySizes.Hash);
        _ = Libcrypto.SHA256_Final(mac, &context);
    }
}
