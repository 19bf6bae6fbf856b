using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// libsecp256k1 (the bundled 0.7, <see cref="BundledLibraries"/>) as declared in secp256k1.h,
/// secp256k1_ecdh.h, secp256k1_extrakeys.h and secp256k1_schnorrsig.h. Names are
/// the native ones, verbatim. Every function returns 1 on success and 0 on failure
/// unless its header says otherwise. Every function and struct used here is unchanged
/// from 0.2 to 0.7: 0.3.0's ABI break concerns <c>secp256k1_context_static</c> (never
/// used here), 0.6 removed the <c>secp256k1_ec_privkey_*</c> aliases (the
/// <c>seckey</c> names are used), and SECP256K1_CONTEXT_NONE is the flag since 0.2.
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

    /// <summary>seckey = seckey + tweak32 mod n, in place; 0 if the key is invalid, the tweak is not below n, or the sum is 0 (the key is then overwritten).</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_seckey_tweak_add(Secp256k1ContextHandle ctx, byte* seckey, byte* tweak32);

    /// <summary>seckey = −seckey mod n, in place; 0 if the key is invalid (0 included).</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_seckey_negate(Secp256k1ContextHandle ctx, byte* seckey);

    /// <summary>pubkey = pubkey + tweak32·G; 0 if the tweak is not below n or the result is the point at infinity.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_pubkey_tweak_add(Secp256k1ContextHandle ctx, ref secp256k1_pubkey pubkey, byte* tweak32);

    /// <summary>out = the sum of <paramref name="n"/> points (an array of pointers to them); 0 if the sum is infinity.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ec_pubkey_combine(Secp256k1ContextHandle ctx, ref secp256k1_pubkey output, secp256k1_pubkey** ins, nuint n);

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

    /// <summary>
    /// RFC 6979 deterministic ECDSA: with <paramref name="noncefp"/> = 0 and <paramref name="ndata"/> = 0
    /// libsecp256k1 uses secp256k1_nonce_function_default (RFC 6979, HMAC-SHA256) with no extra entropy.
    /// The signature it produces is always low-S.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ecdsa_sign(Secp256k1ContextHandle ctx, ref secp256k1_ecdsa_signature sig, byte* msghash32, byte* seckey, nint noncefp, nint ndata);

    /// <summary>1 for a correct low-S signature; 0 for an incorrect, unparsable or high-S one.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ecdsa_verify(Secp256k1ContextHandle ctx, in secp256k1_ecdsa_signature sig, byte* msghash32, in secp256k1_pubkey pubkey);

    /// <summary>Parses 32-byte big-endian R || S; 0 if either is not below the group order.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ecdsa_signature_parse_compact(Secp256k1ContextHandle ctx, ref secp256k1_ecdsa_signature sig, byte* input64);

    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ecdsa_signature_serialize_compact(Secp256k1ContextHandle ctx, byte* output64, in secp256k1_ecdsa_signature sig);

    /// <summary>Returns 1 if <paramref name="sigin"/> was high-S (and writes the low-S form to <paramref name="sigout"/> unless it is null), 0 if it already was low-S.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int secp256k1_ecdsa_signature_normalize(Secp256k1ContextHandle ctx, secp256k1_ecdsa_signature* sigout, in secp256k1_ecdsa_signature sigin);
}
