namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 1 "The <c>ping</c> and <c>pong</c> Messages", <c>ping</c> type 18:
/// <c>u16 num_pong_bytes || u16 byteslen || ignored</c>. The receiver answers with a
/// <c>pong</c> of exactly <see cref="NumPongBytes"/> ignored bytes when that is below
/// <see cref="MessageSizes.PongBytesLimit"/> (65532), and with nothing otherwise.
/// </summary>
public sealed class PingMessage : LightningMessage
{
    /// <param name="numPongBytes">How many ignored bytes the pong must carry.</param>
    /// <param name="ignored">Padding; BOLT 1 asks senders to fill it with zeros, never secrets.</param>
    public PingMessage(ushort numPongBytes, ReadOnlyMemory<byte> ignored = default)
    {
        NumPongBytes = numPongBytes;
        Ignored = ignored;
        EnsureFits(MessageSizes.PingFixed + ignored.Length, nameof(ignored));
    }

    public override MessageType Type => MessageType.Ping;

    /// <summary><c>num_pong_bytes</c>.</summary>
    public ushort NumPongBytes { get; }

    /// <summary><c>ignored</c>.</summary>
    public ReadOnlyMemory<byte> Ignored { get; }

    /// <summary>Whether BOLT 1 wants this ping answered (the pong would fit in one message).</summary>
    public bool ExpectsPong => NumPongBytes < MessageSizes.PongBytesLimit;

    private protected override int FixedLength => MessageSizes.PingFixed + Ignored.Length;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        writer.WriteU16(NumPongBytes);
        writer.WriteU16Prefixed(Ignored.Span);
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!reader.TryReadU16(out var numPongBytes) || !reader.TryReadU16Prefixed(out var ignored))
        {
            return MessageDecodeResult.Malformed(MessageType.Ping, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadUnknownOnly(reader.Rest.Span, MessageSizes.Type + payload.Length - reader.RemainingLength, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.Ping, failure);
        }

        return MessageDecodeResult.Ok(new PingMessage(numPongBytes, ignored) { UnknownOddRecords = unknown });
    }
}
