using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// libsecp256k1 (Debian <c>libsecp256k1-1</c>, 0.2.x) as declared in secp256k1.h,
/// secp256k1_ecdh.h, secp256k1_extrakeys.h and secp256k1_schnorrsig.h. Names are
/// the native ones, verbatim. Every function returns 1 on success and 0 on failure
/// unless its header says otherwise.
/// </summary>
internal static unsafe partial class Libsecp256k1
{
    internal const string LibraryName = "secp256k1";

    /// <summary>SECP256K1_CONTEXT_NONE: since 0.2.0 every context can sign and verify.</summary>
    internal const uint SECP256K1_CONTEXT_NONE = 1;

    /// <summary>SECP256K1_EC_COMPRESSED = SECP256K1_FLAGS_TYPE_COMPRESSION | SECP256K1_FLAGS_BIT_COMPRESSION.</summary>
    internal const uint SECP256K1_EC_COMPRESSED = (1 << 1) | (1 << 8);

    [LibraryImport(LibraryName)]
    internal static partial nint secp256k1_context_create(uint flags);

    [LibraryImport(LibraryName)]
    internal static partial void secp256k1_context_destroy(nint ctx);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_context_randomize(Secp256k1ContextHandle ctx, byte* seed32);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_seckey_verify(Secp256k1ContextHandle ctx, byte* seckey);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_pubkey_create(Secp256k1ContextHandle ctx, ref secp256k1_pubkey pubkey, byte* seckey);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_pubkey_parse(Secp256k1ContextHandle ctx, ref secp256k1_pubkey pubkey, byte* input, nuint inputlen);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_pubkey_serialize(Secp256k1ContextHandle ctx, byte* output, ref nuint outputlen, in secp256k1_pubkey pubkey, uint flags);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_seckey_tweak_mul(Secp256k1ContextHandle ctx, byte* seckey, byte* tweak32);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_pubkey_tweak_mul(Secp256k1ContextHandle ctx, ref secp256k1_pubkey pubkey, byte* tweak32);

    /// <summary>With <paramref name="hashfp"/> = 0 the output is SHA256(compressed(seckey·pubkey)): the BOLT shared secret.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ecdh(Secp256k1ContextHandle ctx, byte* output, in secp256k1_pubkey pubkey, byte* seckey, nint hashfp, nint data);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_keypair_create(Secp256k1ContextHandle ctx, ref secp256k1_keypair keypair, byte* seckey);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_xonly_pubkey_parse(Secp256k1ContextHandle ctx, ref secp256k1_xonly_pubkey pubkey, byte* input32);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_xonly_pubkey_serialize(Secp256k1ContextHandle ctx, byte* output32, in secp256k1_xonly_pubkey pubkey);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_xonly_pubkey_from_pubkey(Secp256k1ContextHandle ctx, ref secp256k1_xonly_pubkey xonly_pubkey, int* pk_parity, in secp256k1_pubkey pubkey);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_schnorrsig_sign32(Secp256k1ContextHandle ctx, byte* sig64, byte* msg32, in secp256k1_keypair keypair, byte* aux_rand32);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_schnorrsig_sign_custom(Secp256k1ContextHandle ctx, byte* sig64, byte* msg, nuint msglen, in secp256k1_keypair keypair, secp256k1_schnorrsig_extraparams* extraparams);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_schnorrsig_verify(Secp256k1ContextHandle ctx, byte* sig64, byte* msg, nuint msglen, in secp256k1_xonly_pubkey pubkey);
}
