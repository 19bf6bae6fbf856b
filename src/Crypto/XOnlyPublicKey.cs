using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>A BIP340 x-only public key: the form Schnorr signatures are verified against.</summary>
public readonly struct XOnlyPublicKey
{
    internal readonly secp256k1_xonly_pubkey Native;
    private readonly bool _valid;

    internal XOnlyPublicKey(in secp256k1_xonly_pubkey native)
    {
        Native = native;
        _valid = true;
    }

    public bool IsValid => _valid;

    /// <summary>Parses 32 bytes; false if they are not the X coordinate of a curve point.</summary>
    public static unsafe bool TryParse(ReadOnlySpan<byte> input, out XOnlyPublicKey key)
    {
        key = default;
        if (input.Length != KeySizes.XOnlyPublicKey)
        {
            return false;
        }

        var native = default(secp256k1_xonly_pubkey);
        fixed (byte* p = input)
        {
            if (Libsecp256k1.secp256k1_xonly_pubkey_parse(NativeCrypto.Context, ref native, p) != 1)
            {
                return false;
            }
        }

        key = new XOnlyPublicKey(native);
        return true;
    }

    public unsafe byte[] ToBytes()
    {
        EnsureValid();
        var bytes = new byte[KeySizes.XOnlyPublicKey];
        fixed (byte* p = bytes)
        {
            _ = Libsecp256k1.secp256k1_xonly_pubkey_serialize(NativeCrypto.Context, p, in Native);
        }

        return bytes;
    }

    /// <summary>
    /// Verifies a BIP340 signature over a message of any length (BIP340 allows
    /// variable-length messages; lnrelay signs 32-byte hashes). False for a
    /// signature of the wrong length or one that does not verify.
    /// </summary>
    public unsafe bool VerifySchnorr(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
    {
        EnsureValid();
        if (signature.Length != KeySizes.SchnorrSignature)
        {
            return false;
        }

        fixed (byte* sig = signature)
        fixed (byte* msg = message)
        {
            return Libsecp256k1.secp256k1_schnorrsig_verify(NativeCrypto.Context, sig, msg, (nuint)message.Length, in Native) == 1;
        }
    }

    private void EnsureValid()
    {
        if (!_valid)
        {
            throw new InvalidOperationException("default(XOnlyPublicKey) is not a key.");
        }
    }
}
