using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Replay;
using LnRelay.Wire;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// BOLT 4 "Onion Decryption" at a hop: version, ephemeral key, HMAC (constant time),
/// de-obfuscation, the hop's entry, then either the final-hop signal (an all-zero
/// next HMAC) or the next packet with its blinded ephemeral key. Expected protocol
/// failures are values (<see cref="OnionPeelResult"/>); only misuse throws.
/// <para>
/// With a caller-provided buffer of <see cref="BufferSize"/> bytes (reusable once the
/// previous result is consumed) and <c>parsePayload: false</c>, a peel allocates
/// nothing; the scratch space is on the stack.
/// </para>
/// </summary>
public static class OnionPeeler
{
    /// <summary>Layout of the result buffer: next packet, shared secret, sha256_of_onion, payload.</summary>
    private const int NextPacketOffset = 0;
    private const int SharedSecretOffset = NextPacketOffset + OnionPacket.Size;
    private const int DigestOffset = SharedSecretOffset + KeySizes.Hash;
    private const int PayloadOffset = DigestOffset + KeySizes.Hash;

    /// <summary>The whole ChaCha20 blocks of hop_payloads: the first part of the rho stream a peel generates.</summary>
    private const int HeadSize = OnionPacket.RoutingInfoSize / ChaCha20Stream.BlockSize * ChaCha20Stream.BlockSize;

    /// <summary>Bytes a caller-provided result buffer needs (a payload never exceeds the routing info).</summary>
    public const int BufferSize = PayloadOffset + OnionPacket.RoutingInfoSize;

    /// <summary>Per-thread scratch for the allocating overloads, whose results are then copied out exactly.</summary>
    [ThreadStatic]
    private static byte[]? _scratch;

    /// <summary>
    /// Peels and returns a result that owns its bytes: one allocation of exactly the next
    /// packet + shared secret + payload (plus the parsed payload object, if asked).
    /// </summary>
    public static OnionPeelResult Peel(PrivateKey nodeKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> packet, bool parsePayload = true) =>
        Peel(nodeKey, associatedData, packet, _scratch ??= new byte[BufferSize], parsePayload).CopyOut();

    /// <summary>
    /// Peels one layer. <paramref name="packet"/> must be exactly <see cref="OnionPacket.Size"/>
    /// bytes (the wire field is fixed-size, so another length is a caller bug).
    /// With <paramref name="parsePayload"/>, the payload is parsed as a relay or final
    /// payload, and a refusal becomes <see cref="OnionPeelOutcome.PayloadFailure"/>.
    /// </summary>
    public static OnionPeelResult Peel(PrivateKey nodeKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> packet, Memory<byte> buffer, bool parsePayload = true) =>
        Peel(nodeKey, associatedData, packet, buffer, null, 0, parsePayload);

    /// <summary>
    /// Peels with replay protection: once the HMAC verifies (so only authentic onions take a
    /// slot), the shared secret is recorded in <paramref name="replayGuard"/> until
    /// <paramref name="cltvExpiry"/> (the incoming HTLC's). A replay is refused as a bad onion.
    /// </summary>
    public static OnionPeelResult Peel(
        PrivateKey nodeKey,
        ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> packet,
        Memory<byte> buffer,
        OnionReplayGuard? replayGuard,
        uint cltvExpiry,
        bool parsePayload = true) =>
        PeelCore(nodeKey, default, associatedData, packet, buffer, replayGuard, cltvExpiry, parsePayload);

    /// <summary>
    /// The replay check of <see cref="Peel(PrivateKey, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Memory{byte}, OnionReplayGuard?, uint, bool)"/>,
    /// done after a peel without a guard: a caller that peels outside its lock (a peel is
    /// pure: node key + packet -> result) records the onion under it, only once it has
    /// accepted the HTLC. An onion past its HMAC check (any outcome but Malformed) is recorded;
    /// a replay becomes Malformed and a full log a temporary_node_failure, exactly as in the
    /// one-step peel (BOLT 4 "Onion Decryption").
    /// </summary>
    public static OnionPeelResult RecordReplay(OnionPeelResult peeled, ReadOnlySpan<byte> packet, Memory<byte> buffer, OnionReplayGuard replayGuard, uint cltvExpiry)
    {
        ArgumentNullException.ThrowIfNull(replayGuard);
        if (peeled.Outcome == OnionPeelOutcome.Malformed)
        {
            return peeled;
        }

        return replayGuard.TryRecord(peeled.SharedSecret.Span, cltvExpiry) switch
        {
            ReplayGuardOutcome.Replayed => Malformed(OnionPeelRefusal.Replayed, packet, buffer),
            ReplayGuardOutcome.LogFull => OnionPeelResult.ReplayLogFull(peeled.SharedSecret),
            _ => peeled,
        };
    }

    /// <summary>
    /// Parses the payload of a peel made with <c>parsePayload: false</c> as an ordinary relay or
    /// final payload, exactly as the parsing peel would have: a node that peels with
    /// <see cref="Blinding.BlindedOnionPeeler"/> (which leaves a clear payload unparsed) gets
    /// the same result as from <see cref="Peel(PrivateKey, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Memory{byte}, OnionReplayGuard?, uint, bool)"/>.
    /// Any other outcome is returned unchanged.
    /// </summary>
    public static OnionPeelResult ParsePayload(OnionPeelResult peeled)
    {
        switch (peeled.Outcome)
        {
            case OnionPeelOutcome.Final when peeled.FinalPayload is null:
                return FinalPayload.TryParse(peeled.Payload.Span, out var final, out var finalError)
                    ? OnionPeelResult.Final(peeled.SharedSecret, peeled.Payload, final)
                    : OnionPeelResult.PayloadRefused(peeled.SharedSecret, peeled.Payload, finalError);
            case OnionPeelOutcome.Forward when peeled.RelayPayload is null:
                return RelayPayload.TryParse(peeled.Payload.Span, out var relay, out var relayError)
                    ? OnionPeelResult.Forward(peeled.SharedSecret, peeled.Payload, peeled.NextPacket, relay)
                    : OnionPeelResult.PayloadRefused(peeled.SharedSecret, peeled.Payload, relayError);
            default:
                return peeled;
        }
    }

    /// <summary>
    /// Peels with a transient secret instead of the node's key: a blinded hop's b_i
    /// (BOLT 4 "Route Blinding", "Onion Decryption"), which lives on the caller's stack.
    /// The payload is never parsed here: a blinded hop's payload has its own reader.
    /// </summary>
    internal static OnionPeelResult PeelWithSecret(
        ReadOnlySpan<byte> nodeSecret,
        ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> packet,
        Memory<byte> buffer,
        OnionReplayGuard? replayGuard,
        uint cltvExpiry) =>
        PeelCore(null, nodeSecret, associatedData, packet, buffer, replayGuard, cltvExpiry, parsePayload: false);

    private static OnionPeelResult PeelCore(
        PrivateKey? nodeKey,
        ReadOnlySpan<byte> nodeSecret,
        ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> packet,
        Memory<byte> buffer,
        OnionReplayGuard? replayGuard,
        uint cltvExpiry,
        bool parsePayload)
    {
        if (packet.Length != OnionPacket.Size)
        {
            throw new ArgumentException($"An onion_routing_packet is {OnionPacket.Size} bytes.", nameof(packet));
        }

        if (buffer.Length < BufferSize)
        {
            throw new ArgumentException($"The result buffer needs {BufferSize} bytes.", nameof(buffer));
        }

        var output = buffer.Span;
        if (packet[OnionPacket.VersionOffset] != OnionPacket.CurrentVersion)
        {
            return Malformed(OnionPeelRefusal.UnknownVersion, packet, buffer);
        }

        var ephemeralBytes = OnionPacket.EphemeralKey(packet);
        var sharedSecret = output.Slice(SharedSecretOffset, KeySizes.Hash);
        if (!PublicKey.TryParse(ephemeralBytes, out var ephemeral)
            || !(nodeKey is not null ? nodeKey.TryEcdh(ephemeral, sharedSecret) : Secp256k1.TryEcdh(nodeSecret, ephemeral, sharedSecret)))
        {
            return Malformed(OnionPeelRefusal.InvalidEphemeralKey, packet, buffer);
        }

        Span<byte> key = stackalloc byte[OnionKeys.KeySize];
        Span<byte> mac = stackalloc byte[OnionPacket.HmacSize];
        OnionKeys.Derive(OnionKeyType.Mu, sharedSecret, key);
        Hashes.HmacSha256(key, OnionPacket.RoutingInfo(packet), associatedData, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, OnionPacket.Hmac(packet)))
        {
            return Malformed(OnionPeelRefusal.HmacMismatch, packet, buffer);
        }

        var secretMemory = buffer.Slice(SharedSecretOffset, KeySizes.Hash);
        switch (replayGuard?.TryRecord(sharedSecret, cltvExpiry))
        {
            case ReplayGuardOutcome.Replayed:
                return Malformed(OnionPeelRefusal.Replayed, packet, buffer);
            case ReplayGuardOutcome.LogFull:
                return OnionPeelResult.ReplayLogFull(secretMemory);
            default:
                break;
        }

        // (hop_payloads || 1300 zero bytes) XOR rho stream: the zeros become the tail the next
        // hop receives, which the origin's filler made consistent with that hop's HMAC. Only the
        // first shift + 1300 bytes are ever read (this hop's entry, then the next hop_payloads),
        // so the stream stops there instead of at 2 x 1300 (BOLT 4 "Onion Decryption"): first the
        // whole ChaCha20 blocks of hop_payloads, which hold the entry's length, then the rest.
        Span<byte> unwrapped = stackalloc byte[OnionPacket.StreamSize];
        var routingInfo = OnionPacket.RoutingInfo(packet);
        OnionKeys.Derive(OnionKeyType.Rho, sharedSecret, key);
        ChaCha20Stream.Xor(key, default, 0, routingInfo[..HeadSize], unwrapped);

        // Reads the bigsize length (at most 9 bytes, all in the head) and checks it against 1300.
        if (!TryReadEntry(unwrapped[..OnionPacket.RoutingInfoSize], out var prefixSize, out var payloadLength, out var framingError))
        {
            CryptographicOperations.ZeroMemory(key);
            return OnionPeelResult.PayloadRefused(secretMemory, default, framingError);
        }

        var shift = prefixSize + payloadLength + OnionPacket.HmacSize;
        routingInfo[HeadSize..].CopyTo(unwrapped[HeadSize..]);
        unwrapped.Slice(OnionPacket.RoutingInfoSize, shift).Clear();
        var tail = unwrapped[HeadSize..(OnionPacket.RoutingInfoSize + shift)];
        ChaCha20Stream.Xor(key, default, HeadSize / ChaCha20Stream.BlockSize, tail, tail);
        CryptographicOperations.ZeroMemory(key);

        unwrapped.Slice(prefixSize, payloadLength).CopyTo(output[PayloadOffset..]);
        var payload = buffer.Slice(PayloadOffset, payloadLength);
        var nextHmac = unwrapped.Slice(prefixSize + payloadLength, OnionPacket.HmacSize);

        // The final hop is recognised only by the all-zero next HMAC (BOLT 4 "Onion Decryption").
        if (!nextHmac.ContainsAnyExcept((byte)0))
        {
            FinalPayload? final = null;
            if (parsePayload && !FinalPayload.TryParse(payload.Span, out final, out var error))
            {
                return OnionPeelResult.PayloadRefused(secretMemory, payload, error);
            }

            return OnionPeelResult.Final(secretMemory, payload, final);
        }

        RelayPayload? relay = null;
        if (parsePayload && !RelayPayload.TryParse(payload.Span, out relay, out var relayError))
        {
            return OnionPeelResult.PayloadRefused(secretMemory, payload, relayError);
        }

        var next = output.Slice(NextPacketOffset, OnionPacket.Size);
        next[OnionPacket.VersionOffset] = OnionPacket.CurrentVersion;
        WriteNextEphemeralKey(ephemeral, ephemeralBytes, sharedSecret, next.Slice(OnionPacket.PublicKeyOffset, OnionPacket.PublicKeySize));
        unwrapped.Slice(prefixSize + payloadLength + OnionPacket.HmacSize, OnionPacket.RoutingInfoSize).CopyTo(next[OnionPacket.RoutingInfoOffset..]);
        nextHmac.CopyTo(next[OnionPacket.HmacOffset..]);
        return OnionPeelResult.Forward(secretMemory, payload, buffer.Slice(NextPacketOffset, OnionPacket.Size), relay);
    }

    /// <summary>
    /// Reads <c>bigsize(length)</c> and checks that the payload and its 32-byte HMAC fit in the
    /// routing info. The length is compared as a u64 before any use, so a huge declared
    /// length costs nothing. Lengths 0 and 1 are reserved (BOLT 4 "Packet Structure").
    /// </summary>
    private static bool TryReadEntry(ReadOnlySpan<byte> routingInfo, out int prefixSize, out int payloadLength, out HopPayloadError error)
    {
        payloadLength = 0;
        error = default;
        var status = BigSize.TryRead(routingInfo, out var length, out prefixSize);
        if (status != BigSizeReadStatus.Ok)
        {
            // 1300 bytes are always there, so only a non-minimal encoding gets here.
            error = new HopPayloadError(HopPayloadErrorReason.InvalidTlv, 0, 0, TlvFailureReason.LengthNotMinimal);
            return false;
        }

        if (length < HopPayloadTypes.MinimumPayloadLength)
        {
            error = new HopPayloadError(HopPayloadErrorReason.ReservedLength, 0, 0);
            return false;
        }

        if (length > (ulong)(routingInfo.Length - prefixSize - OnionPacket.HmacSize))
        {
            error = new HopPayloadError(HopPayloadErrorReason.InvalidTlv, 0, 0, TlvFailureReason.ValueTruncated);
            return false;
        }

        payloadLength = (int)length;
        return true;
    }

    /// <summary>BOLT 4 "Blinding Ephemeral Onion Keys": E' = SHA256(compressed(E) || ss)·E.</summary>
    private static void WriteNextEphemeralKey(in PublicKey ephemeral, ReadOnlySpan<byte> ephemeralBytes, ReadOnlySpan<byte> sharedSecret, Span<byte> destination)
    {
        Span<byte> blinding = stackalloc byte[KeySizes.Hash];
        Hashes.Sha256(ephemeralBytes, sharedSecret, blinding);
        if (!ephemeral.TryMultiply(blinding, out var next))
        {
            // A SHA256 output that is zero or not below the group order: probability ~2^-128.
            throw new CryptographicException("Ephemeral key blinding produced an invalid scalar.");
        }

        next.WriteCompressed(destination);
    }

    /// <summary>
    /// The one place refusals map to BOLT 4 codes. A replay has no code of its own; like a
    /// failed HMAC it means "this onion cannot be processed", so it is answered the same way.
    /// </summary>
    private static OnionPeelResult Malformed(OnionPeelRefusal refusal, ReadOnlySpan<byte> packet, Memory<byte> buffer)
    {
        var code = refusal switch
        {
            OnionPeelRefusal.UnknownVersion => FailureCode.InvalidOnionVersion,
            OnionPeelRefusal.InvalidEphemeralKey => FailureCode.InvalidOnionKey,
            OnionPeelRefusal.HmacMismatch or OnionPeelRefusal.Replayed => FailureCode.InvalidOnionHmac,
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a malformed-onion refusal."),
        };
        var digest = buffer.Slice(DigestOffset, KeySizes.Hash);
        Hashes.Sha256(packet, digest.Span);
        return OnionPeelResult.Malformed(refusal, code, digest);
    }
}
