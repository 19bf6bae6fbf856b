using System.Buffers.Binary;
using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Failures;

/// <summary>
/// The BOLT 4 return (error) packet, erring node and intermediate node sides ("Returning
/// Errors": "Erring node", "Intermediate nodes"). Plaintext layout:
/// <c>hmac (32) || failure_len (u16) || failuremsg || pad_len (u16) || pad</c>, with
/// <c>failure_len + pad_len &gt;= 256</c> and <c>hmac = HMAC(um, everything after hmac)</c>.
/// The erring node XORs the whole packet with the <c>ammag</c> stream; each upstream hop XORs
/// it again with its own. The origin side is <see cref="FailurePacketDecoder"/>.
/// </summary>
public static class FailurePacket
{
    /// <summary>The hmac at the start of the packet.</summary>
    public const int HmacSize = KeySizes.Hash;

    /// <summary>failure_len and pad_len are u16.</summary>
    public const int LengthFieldSize = sizeof(ushort);

    /// <summary>The least failure_len + pad_len allowed, and the size we pad to by default.</summary>
    public const int DefaultPaddedLength = 256;

    /// <summary>The shortest packet with a hmac and a failure_len (shorter packets are refused on read).</summary>
    public const int MinimumPacketSize = HmacSize + LengthFieldSize;

    /// <summary>The usual update_fail_htlc reason size: 32 + 2 + 256 + 2.</summary>
    public const int DefaultPacketSize = HmacSize + LengthFieldSize + DefaultPaddedLength + LengthFieldSize;

    /// <summary>
    /// Builds the erring node's obfuscated packet (the <c>reason</c> of its update_fail_htlc).
    /// <paramref name="paddedLength"/> is the target for failure_len + pad_len (at least 256);
    /// a failuremsg longer than it is sent unpadded.
    /// </summary>
    public static byte[] Create(ReadOnlySpan<byte> sharedSecret, FailureMessage message, int paddedLength = DefaultPaddedLength) =>
        Create(sharedSecret, message.Encode(), paddedLength);

    /// <inheritdoc cref="Create(ReadOnlySpan{byte}, FailureMessage, int)"/>
    public static byte[] Create(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> failureMessage, int paddedLength = DefaultPaddedLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(paddedLength, DefaultPaddedLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddedLength, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failureMessage.Length, ushort.MaxValue, nameof(failureMessage));
        int padLength = Math.Max(0, paddedLength - failureMessage.Length);

        var packet = new byte[HmacSize + LengthFieldSize + failureMessage.Length + LengthFieldSize + padLength];
        Span<byte> body = packet.AsSpan(HmacSize);
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)failureMessage.Length);
        failureMessage.CopyTo(body[LengthFieldSize..]);
        BinaryPrimitives.WriteUInt16BigEndian(body[(LengthFieldSize + failureMessage.Length)..], (ushort)padLength);
        // The pad stays zero, as in the spec's vectors.

        Span<byte> um = stackalloc byte[OnionKeys.KeySize];
        OnionKeys.Derive(OnionKeyType.Um, sharedSecret, um);
        Hashes.HmacSha256(um, body, packet.AsSpan(0, HmacSize));

        Obfuscate(sharedSecret, packet);
        return packet;
    }

    /// <summary>An intermediate hop's step: XOR the packet with its own <c>ammag</c> stream (returns a new array).</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> packet)
    {
        byte[] wrapped = packet.ToArray();
        Obfuscate(sharedSecret, wrapped);
        return wrapped;
    }

    /// <summary>XORs <paramref name="packet"/> in place with <c>ChaCha20(HMAC("ammag", ss))</c>, zero nonce, counter 0.</summary>
    public static void Obfuscate(ReadOnlySpan<byte> sharedSecret, Span<byte> packet)
    {
        Span<byte> ammag = stackalloc byte[OnionKeys.KeySize];
        OnionKeys.Derive(OnionKeyType.Ammag, sharedSecret, ammag);
        ChaCha20Stream.Xor(ammag, packet);
    }

    /// <summary>
    /// Turns a downstream peer's <c>update_fail_malformed_htlc</c> into this node's own failure
    /// packet (BOLT 2 "Removing an HTLC"; BOLT 4 "Returning Errors"): failuremsg =
    /// <c>failure_code || sha256_of_onion</c>, HMAC'd and obfuscated with THIS node's shared
    /// secret for the HTLC, since the downstream node could not read the onion to build one.
    /// Returns false when the BADONION bit is not set: BOLT 2 then requires failing the channel.
    /// </summary>
    public static bool TryCreateFromMalformed(
        ReadOnlySpan<byte> ownSharedSecret,
        ushort failureCode,
        ReadOnlySpan<byte> sha256OfOnion,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? reason,
        int paddedLength = DefaultPaddedLength)
    {
        reason = null;
        var code = (FailureCode)failureCode;
        if (!code.IsBadOnion())
        {
            return false;
        }

        FailureMessage message = FailureDataLayouts.Of(code) == FailureDataLayout.Sha256OfOnion
            ? FailureMessage.BadOnion(code, sha256OfOnion)
            : new FailureMessage(code, unparsedData: CheckedHash(sha256OfOnion));
        reason = Create(ownSharedSecret, message, paddedLength);
        return true;
    }

    private static byte[] CheckedHash(ReadOnlySpan<byte> sha256OfOnion) =>
        sha256OfOnion.Length == FailureMessage.Sha256OfOnionSize
            ? sha256OfOnion.ToArray()
            : throw new ArgumentException($"sha256_of_onion is {FailureMessage.Sha256OfOnionSize} bytes.", nameof(sha256OfOnion));
}
