namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 2 "Removing an HTLC", <c>update_fail_malformed_htlc</c>, type 135:
/// <c>channel_id (32) || id (u64) || sha256_of_onion (32) || u16 failure_code</c>
/// (74 bytes). Sent by the next hop when it could not parse the onion at all, so the
/// previous hop builds the failure packet itself. The code must carry the BADONION
/// bit (BOLT 4 "Failure Messages", flag 0x8000); decoding one without it is a
/// declared failure, as BOLT 2 makes it a protocol violation.
/// </summary>
public sealed class UpdateFailMalformedHtlcMessage : HtlcUpdateMessage
{
    /// <summary>BOLT 4 BADONION flag: "invalid onion version, HMAC or key".</summary>
    public const ushort BadOnionFlag = 0x8000;

    public UpdateFailMalformedHtlcMessage(ChannelId channelId, ulong htlcId, ReadOnlyMemory<byte> sha256OfOnion, ushort failureCode)
        : base(channelId, htlcId)
    {
        Sha256OfOnion = Exactly(sha256OfOnion, MessageSizes.Sha256, nameof(sha256OfOnion));
        if ((failureCode & BadOnionFlag) == 0)
        {
            throw new ArgumentException($"failure_code 0x{failureCode:x4} lacks the BADONION bit 0x8000 (BOLT 2).", nameof(failureCode));
        }

        FailureCode = failureCode;
    }

    public override MessageType Type => MessageType.UpdateFailMalformedHtlc;

    /// <summary><c>sha256_of_onion</c>: SHA256 of the onion the sender could not parse (all zero inside a blinded route).</summary>
    public ReadOnlyMemory<byte> Sha256OfOnion { get; }

    /// <summary><c>failure_code</c>, BADONION bit set.</summary>
    public ushort FailureCode { get; }

    private protected override int FixedLength => MessageSizes.UpdateFailMalformedHtlcFixed;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        WriteChannelAndId(ref writer);
        writer.WriteBytes(Sha256OfOnion.Span);
        writer.WriteU16(FailureCode);
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!TryReadChannelAndId(ref reader, out var channelId, out var htlcId)
            || !reader.TryReadBytes(MessageSizes.Sha256, out var sha256OfOnion)
            || !reader.TryReadU16(out var failureCode))
        {
            return MessageDecodeResult.Malformed(MessageType.UpdateFailMalformedHtlc, MessageDecodeFailure.TooShort);
        }

        if ((failureCode & BadOnionFlag) == 0)
        {
            return MessageDecodeResult.Malformed(MessageType.UpdateFailMalformedHtlc, MessageDecodeFailure.MissingBadOnionBit);
        }

        if (!ExtensionStream.TryReadUnknownOnly(reader.Rest.Span, ExtensionOffset(payload, reader), out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.UpdateFailMalformedHtlc, failure);
        }

        return MessageDecodeResult.Ok(new UpdateFailMalformedHtlcMessage(channelId, htlcId, sha256OfOnion, failureCode) { UnknownOddRecords = unknown });
    }
}
