namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 1 <c>pong</c>, type 19: <c>u16 byteslen || ignored</c>, the answer to a
/// <c>ping</c>, with <c>byteslen</c> equal to the ping's <c>num_pong_bytes</c>.
/// </summary>
public sealed class PongMessage : LightningMessage
{
    /// <param name="ignored">Padding; BOLT 1 asks senders to fill it with zeros, never secrets.</param>
    public PongMessage(ReadOnlyMemory<byte> ignored = default)
    {
        Ignored = ignored;
        EnsureFits(MessageSizes.PongFixed + ignored.Length, nameof(ignored));
    }

    public override MessageType Type => MessageType.Pong;

    /// <summary><c>ignored</c>.</summary>
    public ReadOnlyMemory<byte> Ignored { get; }

    /// <summary>The answer to <paramref name="ping"/>: that many zero bytes. Only for pings that <see cref="PingMessage.ExpectsPong"/>.</summary>
    public static PongMessage Answering(PingMessage ping)
    {
        if (!ping.ExpectsPong)
        {
            throw new ArgumentException($"A ping asking for {ping.NumPongBytes} bytes must not be answered (BOLT 1).", nameof(ping));
        }

        return new PongMessage(new byte[ping.NumPongBytes]);
    }

    private protected override int FixedLength => MessageSizes.PongFixed + Ignored.Length;

    private protected override void WriteFixed(ref WireWriter writer) => writer.WriteU16Prefixed(Ignored.Span);

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!reader.TryReadU16Prefixed(out var ignored))
        {
            return MessageDecodeResult.Malformed(MessageType.Pong, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadUnknownOnly(reader.Rest.Span, MessageSizes.Type + payload.Length - reader.RemainingLength, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.Pong, failure);
        }

        return MessageDecodeResult.Ok(new PongMessage(ignored) { UnknownOddRecords = unknown });
    }
}
