namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 1 <c>warning</c>, type 1: informational; the receiver logs it. No channel
/// fails because of it (the sender may still close the connection).
/// </summary>
public sealed class WarningMessage : DiagnosticMessage
{
    public WarningMessage(ChannelId channelId, ReadOnlyMemory<byte> data)
        : base(channelId, data)
    {
    }

    public override MessageType Type => MessageType.Warning;

    /// <summary>A warning whose data is <paramref name="text"/> made printable ASCII.</summary>
    public static WarningMessage FromText(ChannelId channelId, string text) => new(channelId, AsciiData(text));

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload) =>
        Decode(MessageType.Warning, payload, static (id, data, unknown) => new WarningMessage(id, data) { UnknownOddRecords = unknown });
}
