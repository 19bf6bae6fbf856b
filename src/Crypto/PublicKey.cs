using System.Diagnostics.CodeAnalysis;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// A valid secp256k1 point, held in libsecp256k1's parsed form so that ECDH and
/// tweaks do not parse it again. On the wire it is always the 33-byte compressed
/// SEC1 encoding (BOLT 1 "Fundamental Types": <c>point</c>). A <c>default</c>
/// value is not a key; every factory returns a valid point.
/// </summary>
public readonly struct PublicKey : IEquatable<PublicKey>
{
    internal readonly secp256k1_pubkey Native;
    private readonly bool _valid;

    internal PublicKey(in secp256k1_pubkey native)
    {
        Native = native;
        _valid = true;
    }

    /// <summary>False for <c>default(PublicKey)</c>.</summary>
    public bool IsValid => _valid;

    /// <summary>
    /// Parses a 33-byte compressed point. Refuses wrong lengths, prefixes other than
    /// 0x02/0x03, X coordinates not on the curve or not below the field size.
    /// Uncompressed (65-byte) encodings are refused: the protocols here never use them.
    /// </summary>
    public static unsafe bool TryParse(ReadOnlySpan<byte> compressed, out PublicKey key)
    {
        key = default;
        if (compressed.Length != KeySizes.CompressedPublicKey || (compressed[0] != 0x02 && compressed[0] != 0x03))
        {
            return false;
        }

        var native = default(secp256k1_pubkey);
        fixed (byte* input = compressed)
        {
            if (Libsecp256k1.secp256k1_ec_pubkey_parse(NativeCrypto.Context, ref native, input, (nuint)compressed.Length) != 1)
            {
                return false;
            }
        }

        key = new PublicKey(native);
        return true;
    }

    /// <summary>Parses a compressed point or throws <see cref="FormatException"/> (for trusted input such as config and vectors).</summary>
    public static PublicKey Parse(ReadOnlySpan<byte> compressed) =>
        TryParse(compressed, out var key) ? key : throw new FormatException("Not a valid 33-byte compressed secp256k1 public key.");

    /// <summary>Parses 66 hex characters.</summary>
    public static bool TryParseHex(string? hex, out PublicKey key)
    {
        key = default;
        if (hex is null || hex.Length != KeySizes.CompressedPublicKey * 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[KeySizes.CompressedPublicKey];
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == bytes.Length
            && TryParse(bytes, out key);
    }

    /// <summary>Writes the 33-byte compressed encoding.</summary>
    public unsafe void WriteCompressed(Span<byte> destination)
    {
        EnsureValid();
        if (destination.Length < KeySizes.CompressedPublicKey)
        {
            throw new ArgumentException("Needs 33 bytes.", nameof(destination));
        }

        nuint length = KeySizes.CompressedPublicKey;
        fixed (byte* output = destination)
        {
            _ = Libsecp256k1.secp256k1_ec_pubkey_serialize(NativeCrypto.Context, output, ref length, in Native, Libsecp256k1.SECP256K1_EC_COMPRESSED);
        }
    }

    /// <summary>The 33-byte compressed encoding, as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[KeySizes.CompressedPublicKey];
        WriteCompressed(bytes);
        return bytes;
    }

    /// <summary>Lowercase hex of the compressed encoding: the form node ids take in logs, files and the API.</summary>
    public string ToHex() => Convert.ToHexStringLower(ToBytes());

    /// <summary>This point multiplied by a 32-byte scalar (BOLT 4 ephemeral-key blinding). False if the tweak is zero or not below the group order.</summary>
    public unsafe bool TryMultiply(ReadOnlySpan<byte> tweak, out PublicKey result)
    {
        EnsureValid();
        result = default;
        if (tweak.Length != KeySizes.SecretKey)
        {
            return false;
        }

        var native = Native;
        fixed (byte* t = tweak)
        {
            if (Libsecp256k1.secp256k1_ec_pubkey_tweak_mul(NativeCrypto.Context, ref native, t) != 1)
            {
                return false;
            }
        }

        result = new PublicKey(native);
        return true;
    }

    /// <summary>The BIP340 x-only form of this key (its parity dropped).</summary>
    public unsafe XOnlyPublicKey ToXOnly()
    {
        EnsureValid();
        var xonly = default(secp256k1_xonly_pubkey);
        _ = Libsecp256k1.secp256k1_xonly_pubkey_from_pubkey(NativeCrypto.Context, ref xonly, null, in Native);
        return new XOnlyPublicKey(xonly);
    }

    /// <summary>
    /// Verifies a 64-byte compact ECDSA signature (R || S) over a 32-byte hash with this
    /// key. False, never an exception, for a signature or hash of the wrong length, a
    /// scalar not below the group order, a high-S signature (lnrelay accepts only low-S,
    /// so a relay's negated-S copy is refused; see <see cref="EcdsaSignature"/>) or one
    /// that does not verify. A <c>default</c> key is misuse and throws.
    /// </summary>
    public unsafe bool VerifyEcdsa(ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> hash32)
    {
        EnsureValid();
        if (hash32.Length != KeySizes.Hash || !EcdsaSignature.TryParse(signature64, out var native))
        {
            return false;
        }

        // secp256k1_ecdsa_verify refuses high-S itself; checking first states the rule
        // here rather than relying on the library's documented behaviour alone.
        if (Libsecp256k1.secp256k1_ecdsa_signature_normalize(NativeCrypto.Context, null, in native) != 0)
        {
            return false;
        }

        fixed (byte* msg = hash32)
        {
            return Libsecp256k1.secp256k1_ecdsa_verify(NativeCrypto.Context, in native, msg, in Native) == 1;
        }
    }

    public bool Equals(PublicKey other)
    {
        if (!_valid || !other._valid)
        {
            return _valid == other._valid;
        }

        Span<byte> a = stackalloc byte[KeySizes.CompressedPublicKey];
        Span<byte> b = stackalloc byte[KeySizes.CompressedPublicKey];
        WriteCompressed(a);
        other.WriteCompressed(b);
        return a.SequenceEqual(b);
    }

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is PublicKey other && Equals(other);

    public override int GetHashCode()
    {
        if (!_valid)
        {
            return 0;
        }

        Span<byte> a = stackalloc byte[KeySizes.CompressedPublicKey];
        WriteCompressed(a);
        var hash = new HashCode();
        hash.AddBytes(a);
        return hash.ToHashCode();
    }

    public override string ToString() => _valid ? ToHex() : "(no key)";

    public static bool operator ==(PublicKey left, PublicKey right) => left.Equals(right);

    public static bool operator !=(PublicKey left, PublicKey right) => !left.Equals(right);

    private void EnsureValid()
    {
        if (!_valid)
        {
            throw new InvalidOperationException("default(PublicKey) is not a key.");
        }
    }
}
