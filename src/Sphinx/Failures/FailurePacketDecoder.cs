using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Failures;

/// <summary>Why the origin could not use a return packet.</summary>
public enum FailurePacketDecodeErrorReason
{
    /// <summary>Shorter than hmac + failure_len (32 + 2 bytes).</summary>
    PacketTooShort,

    /// <summary>No hop's um HMAC matched: the packet is unattributable without attribution data.</summary>
    NoHopMatched,

    /// <summary>The attributed hop's failure_len runs past the end of the packet.</summary>
    FailureLengthPastEnd,
}

/// <summary>A return packet the origin could not use; <see cref="HopIndex"/> is set when a hop was attributed.</summary>
public readonly record struct FailurePacketDecodeError(FailurePacketDecodeErrorReason Reason, int? HopIndex = null);

/// <summary>
/// A decoded return packet: which hop (0 = first hop after the origin) produced it, its
/// failuremsg bytes, and the parsed <see cref="Message"/> or, when those bytes do not parse,
/// <see cref="MessageError"/> (the hop is still known and can be blamed).
/// </summary>
public sealed class DecodedFailure
{
    internal DecodedFailure(int hopIndex, byte[] failureMessage, FailureMessage? message, FailureMessageDecodeError? messageError)
    {
        HopIndex = hopIndex;
        FailureMessageBytes = failureMessage;
        Message = message;
        MessageError = messageError;
    }

    public int HopIndex { get; }

    public byte[] FailureMessageBytes { get; }

    public FailureMessage? Message { get; }

    public FailureMessageDecodeError? MessageError { get; }
}

/// <summary>
/// The origin's side of the return packet (BOLT 4 "Returning Errors", "Origin node";
/// "Receiving Failure Codes"): peel one <c>ammag</c> layer per hop in route order and stop believing at
/// the first hop whose <c>um</c> HMAC matches. It always runs <see cref="Rounds"/> rounds
/// (dummy ones past the route's end or the match) so timing does not reveal the erring hop's
/// position.
/// </summary>
public static class FailurePacketDecoder
{
    /// <summary>Decryption rounds, real or dummy: the most hops a 1300-byte onion can hold.</summary>
    public const int Rounds = 27;

    private const int SecretSize = LnRelay.Crypto.KeySizes.Hash;

    /// <param name="reason">The update_fail_htlc reason as the origin received it.</param>
    /// <param name="sharedSecrets">One 32-byte shared secret per hop, in route order (from onion construction).</param>
    /// <param name="decoded">The attributed hop and its failure, when the method returns true.</param>
    /// <param name="error">Why the packet could not be used, when the method returns false.</param>
    public static bool TryDecode(
        ReadOnlySpan<byte> reason,
        IReadOnlyList<byte[]> sharedSecrets,
        [NotNullWhen(true)] out DecodedFailure? decoded,
        out FailurePacketDecodeError error)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sharedSecrets.Count, Rounds, nameof(sharedSecrets));
        decoded = null;
        error = default;
        if (reason.Length < FailurePacket.MinimumPacketSize)
        {
            error = new(FailurePacketDecodeErrorReason.PacketTooShort);
            return false;
        }

        byte[] working = reason.ToArray();
        byte[]? matched = null;
        int matchedHop = -1;
        Span<byte> dummySecret = stackalloc byte[SecretSize];
        Span<byte> um = stackalloc byte[OnionKeys.KeySize];
        Span<byte> expected = stackalloc byte[FailurePacket.HmacSize];
        for (int round = 0; round < Rounds; round++)
        {
            bool real = round < sharedSecrets.Count;
            ReadOnlySpan<byte> secret = real ? sharedSecrets[round] : dummySecret;
            if (secret.Length != SecretSize)
            {
                throw new ArgumentException($"Shared secret {round} is not {SecretSize} bytes.", nameof(sharedSecrets));
            }

            FailurePacket.Obfuscate(secret, working);
            OnionKeys.Derive(OnionKeyType.Um, secret, um);
            Hashes.HmacSha256(um, working.AsSpan(FailurePacket.HmacSize), expected);
            bool match = CryptographicOperations.FixedTimeEquals(expected, working.AsSpan(0, FailurePacket.HmacSize));
            if (match && real && matched is null)
            {
                matched = (byte[])working.Clone();
                matchedHop = round;
            }
        }

        if (matched is null)
        {
            error = new(FailurePacketDecodeErrorReason.NoHopMatched);
            return false;
        }

        ReadOnlySpan<byte> body = matched.AsSpan(FailurePacket.HmacSize);
        int failureLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        // pad_len and pad are not needed: bytes after failuremsg are ignored (other pad sizes are fine).
        if (failureLength > body.Length - FailurePacket.LengthFieldSize)
        {
            error = new(FailurePacketDecodeErrorReason.FailureLengthPastEnd, matchedHop);
            return false;
        }

        byte[] failureMessage = body.Slice(FailurePacket.LengthFieldSize, failureLength).ToArray();
        decoded = FailureMessage.TryDecode(failureMessage, out FailureMessage? message, out FailureMessageDecodeError messageError)
            ? new DecodedFailure(matchedHop, failureMessage, message, null)
            : new DecodedFailure(matchedHop, failureMessage, null, messageError);
        return true;
    }
}
