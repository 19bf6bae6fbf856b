using System.Runtime.CompilerServices;

namespace LnRelay.Crypto.Interop;

// Opaque libsecp256k1 structs, sized as in secp256k1.h and secp256k1_extrakeys.h.
// Their contents are implementation-defined: only libsecp256k1 reads or writes them.

/// <summary><c>secp256k1_pubkey</c>: 64 opaque bytes (secp256k1.h).</summary>
[InlineArray(64)]
internal struct secp256k1_pubkey
{
    private byte _element0;
}

/// <summary><c>secp256k1_ecdsa_signature</c>: 64 opaque bytes (secp256k1.h); only the compact form goes on the wire.</summary>
[InlineArray(64)]
internal struct secp256k1_ecdsa_signature
{
    private byte _element0;
}

/// <summary><c>secp256k1_xonly_pubkey</c>: 64 opaque bytes (secp256k1_extrakeys.h).</summary>
[InlineArray(64)]
internal struct secp256k1_xonly_pubkey
{
    private byte _element0;
}

/// <summary><c>secp256k1_keypair</c>: 96 opaque bytes holding the secret key (secp256k1_extrakeys.h).</summary>
[InlineArray(96)]
internal struct secp256k1_keypair
{
    private byte _element0;
}

/// <summary><c>secp256k1_schnorrsig_extraparams</c> (secp256k1_schnorrsig.h).</summary>
internal unsafe struct secp256k1_schnorrsig_extraparams
{
    /// <summary>SECP256K1_SCHNORRSIG_EXTRAPARAMS_MAGIC = { 0xda, 0x6f, 0xb3, 0x8c }, read as bytes.</summary>
    internal const uint Magic = 0x8cb36fda;

    internal uint magic;
    internal nint noncefp;
    internal void* ndata;
}
