using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// ECDSA signatures over secp256k1 in the 64-byte compact form R || S (32 bytes
/// each, big-endian): the BOLT 1 "Fundamental Types" <c>signature</c> that gossip
/// messages such as BOLT 7 <c>channel_update</c> carry. BOLT 1 calls it "a 64-byte
/// bitcoin Elliptic Curve signature"; lnrelay signs and accepts only the low-S form
/// (S at most half the group order, Bitcoin's BIP 146 LOW_S rule and what
/// libsecp256k1 produces and verifies), so a message has one valid signature
/// encoding per nonce and a relay cannot re-encode it by negating S (the
/// malleability BOLT 7 "The channel_update Message", Rationale, warns about).
/// Signing is <see cref="PrivateKey.SignEcdsa"/>, verifying <see cref="PublicKey.VerifyEcdsa"/>.
/// </summary>
public static class EcdsaSignature
{
    /// <summary>Size of one scalar, R or S.</summary>
    public const int ScalarSize = 32;

    /// <summary>Compact signature: R || S.</summary>
    public const int Size = ScalarSize + ScalarSize;

    /// <summary>
    /// True if <paramref name="signature"/> is 64 bytes, both scalars are below the
    /// group order and S is in the lower half. Never throws for bad input.
    /// </summary>
    public static unsafe bool IsLowS(ReadOnlySpan<byte> signature)
    {
        if (!TryParse(signature, out var native))
        {
            return false;
        }

        // normalize returns 1 when it had to change S, i.e. when S was high.
        return Libsecp256k1.secp256k1_ecdsa_signature_normalize(NativeCrypto.Context, null, in native) == 0;
    }

    /// <summary>
    /// Writes the low-S form of <paramref name="signature"/> (S replaced by n - S when
    /// S is high; a copy otherwise) into <paramref name="normalized"/>. False if the
    /// input is not 64 bytes, a scalar is not below the group order, or the
    /// destination is shorter than 64 bytes. Used to accept signatures from
    /// signers that do not normalise; lnrelay's own verification refuses high-S.
    /// </summary>
    public static unsafe bool TryNormalize(ReadOnlySpan<byte> signature, Span<byte> normalized)
    {
        if (normalized.Length < Size || !TryParse(signature, out var native))
        {
            return false;
        }

        var low = default(secp256k1_ecdsa_signature);
        _ = Libsecp256k1.secp256k1_ecdsa_signature_normalize(NativeCrypto.Context, &low, in native);
        fixed (byte* output = normalized)
        {
            return Libsecp256k1.secp256k1_ecdsa_signature_serialize_compact(NativeCrypto.Context, output, in low) == 1;
        }
    }

    /// <summary>Parses the compact form; false for a wrong length or a scalar not below the group order.</summary>
    internal static unsafe bool TryParse(ReadOnlySpan<byte> signature, out secp256k1_ecdsa_signature native)
    {
        native = default;
        if (signature.Length != Size)
        {
            return false;
        }

        fixed (byte* input = signature)
        {
            return Libsecp256k1.secp256k1_ecdsa_signature_parse_compact(NativeCrypto.Context, ref native, input) == 1;
        }
    }
}
