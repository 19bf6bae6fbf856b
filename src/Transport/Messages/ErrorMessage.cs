namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 1 <c>error</c>, type 17: the sender has failed the channel (or, with
/// <see cref="ChannelId.All"/>, every channel with this peer) and closes the connection.
/// </summary>
public sealed class ErrorMessage : DiagnosticMessage
{
    public ErrorMessage(ChannelId channelId, ReadOnlyMemory<byte> data)
        : base(channelId, data)
    {
    }

    public override MessageType Type => MessageType.Error;

    /// <summary>An error whose data is <paramref name="text"/> made printable ASCII.</summary>
    public static ErrorMessage FromText(ChannelId channelId, string text) => new(channelId, AsciiData(text));

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload) =>
        Decode(MessageType.Error, payload, static (id, data, unknown) => new ErrorMessage(id, data) { UnknownOddRecords = unknown });
}
