using System.Threading.Channels;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Peers;

/// <summary>The receiving half: the <c>init</c> exchange, then BOLT 1's rules for each message.</summary>
public sealed partial class PeerSession
{
    /// <summary>
    /// BOLT 1 "The <c>init</c> Message": send ours, then the peer's must be the first
    /// message received. Returns the peer's init, or why not and whether to answer
    /// with <c>error</c>.
    /// </summary>
    private static async Task<(InitMessage? Init, PeerSessionEnd? Refusal, bool AnswerWithError)> ExchangeInitAsync(
        IMessageConnection connection, PeerSessionOptions options, byte[] chainHash, CancellationToken cancellationToken)
    {
        try
        {
            await connection.SendAsync(new InitMessage(options.LocalFeatures, [chainHash]).Encode(), cancellationToken);
        }
        catch (TransportClosedException)
        {
            return (null, Lost(connection, "closed before init was sent"), false);
        }

        using var deadline = new CancellationTokenSource(options.InitTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        ReadOnlyMemory<byte>? received;
        try
        {
            received = await connection.ReceiveAsync(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, new PeerSessionEnd(PeerCloseReason.InitTimeout, $"no init within {options.InitTimeout.TotalSeconds:0.###} s"), false);
        }

        if (received is not { } bytes)
        {
            return (null, Lost(connection, "closed before init arrived"), false);
        }

        var result = MessageDecoder.Decode(bytes.Span);
        options.MessageObserver?.Invoke(new ReceivedMessage(result.RawType, bytes.Length, result.Status, result.Message));
        if (result.RawType != (ushort)MessageType.Init)
        {
            return (null, new PeerSessionEnd(PeerCloseReason.FirstMessageNotInit, $"first message was type {result.RawType}, not init"), true);
        }

        if (result.Message is not InitMessage init)
        {
            return (null, new PeerSessionEnd(PeerCloseReason.MalformedMessage, result.Describe()), true);
        }

        var refusal = InitNegotiation.Check(init, options, chainHash);
        return (refusal is null ? init : null, refusal, refusal is not null);
    }

    private static PeerSessionEnd Lost(IMessageConnection connection, string what) =>
        new(PeerCloseReason.ConnectionLost, connection.TransportFailureDetail is { } failure ? $"{what}: {failure}" : what);

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var received = await _connection.ReceiveAsync(CancellationToken.None);
                if (received is not { } bytes)
                {
                    await EndAsync(Lost(_connection, "connection closed"), farewell: null);
                    return;
                }

                if (!await HandleAsync(bytes))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException or TransportClosedException)
        {
            // The session ended while a message was being handled or delivered.
            await EndAsync(Lost(_connection, "connection closed"), farewell: null);
        }
    }

    /// <summary>BOLT 1's receiver rules for one message after init; false once the session has ended.</summary>
    private async Task<bool> HandleAsync(ReadOnlyMemory<byte> bytes)
    {
        var result = MessageDecoder.Decode(bytes.Span);
        _options.MessageObserver?.Invoke(new ReceivedMessage(result.RawType, bytes.Length, result.Status, result.Message));
        switch (result.Status)
        {
            case MessageDecodeStatus.UnknownOddType:
                PeerLog.OddIgnored(_logger, RemoteNodeId, result.RawType);
                return true;
            case MessageDecodeStatus.UnknownEvenType:
                await EndAsync(new PeerSessionEnd(PeerCloseReason.UnknownEvenMessage, result.Describe()), farewell: result.Describe());
                return false;
            case MessageDecodeStatus.Malformed:
                await EndAsync(new PeerSessionEnd(PeerCloseReason.MalformedMessage, result.Describe()), farewell: result.Describe());
                return false;
            default:
                break;
        }

        switch (result.Message)
        {
            case PingMessage ping when ping.ExpectsPong:
                return await TrySendAsync(PongMessage.Answering(ping), _stopping.Token);
            case PingMessage ping:
                PeerLog.PingIgnored(_logger, RemoteNodeId, ping.NumPongBytes);
                return true;
            case PongMessage pong:
                return await HandlePongAsync(pong);
            case WarningMessage warning:
                PeerLog.Warning(_logger, RemoteNodeId, warning.ChannelId.ToHex(), warning.DataText);
                return true;
            case ErrorMessage error:
                // BOLT 1: the sender has failed the channel(s); a node without channel state just closes.
                PeerLog.Error(_logger, RemoteNodeId, error.ChannelId.ToHex(), error.DataText);
                await EndAsync(new PeerSessionEnd(PeerCloseReason.PeerSentError, error.DataText), farewell: null);
                return false;
            case HtlcUpdateMessage or LinkSyncMessage:
                await _channelMessages.Writer.WriteAsync(result.Message, _stopping.Token);
                return true;
            case InitMessage:
                await EndAsync(new PeerSessionEnd(PeerCloseReason.UnexpectedInit, "second init"), farewell: "init may only be sent once");
                return false;
            default:
                // Every decodable type is handled above; a new one added to the decoder must be handled here too.
                throw new InvalidOperationException($"No handling for decoded {result.Message?.Type}.");
        }
    }

    private async Task<bool> HandlePongAsync(PongMessage pong)
    {
        switch (_pings.Answer(pong.Ignored.Length))
        {
            case null:
                PeerLog.PongUnsolicited(_logger, RemoteNodeId, pong.Ignored.Length);
                return true;
            case true:
                return true;
            default:
                await EndAsync(new PeerSessionEnd(PeerCloseReason.UnexpectedPongLength, $"pong of {pong.Ignored.Length} bytes"), farewell: null);
                return false;
        }
    }

    /// <summary>
    /// Keep-alive: ping, wait for the pong, rest for the interval. A peer that does not
    /// answer within <see cref="PeerSessionOptions.PongTimeout"/> is disconnected
    /// (BOLT 1 allows it; no channel fails because of it).
    /// </summary>
    private async Task KeepAliveLoopAsync()
    {
        var time = _options.TimeProvider;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(_options.PingInterval, time, _stopping.Token);
                var answered = _pings.Add(0);
                if (!await TrySendAsync(new PingMessage(0), _stopping.Token))
                {
                    return;
                }

                // Cancelled as soon as the pong arrives, so no deadline timer outlives its ping.
                using var pongWait = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                var timeout = Task.Delay(_options.PongTimeout, time, pongWait.Token);
                var first = await Task.WhenAny(answered, timeout);
                await pongWait.CancelAsync();
                if (first == timeout)
                {
                    if (timeout.IsCompletedSuccessfully)
                    {
                        await EndAsync(new PeerSessionEnd(PeerCloseReason.PongTimeout, $"no pong within {_options.PongTimeout.TotalSeconds:0.###} s"), farewell: null);
                    }

                    return;
                }

                if (!await answered)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The session ended.
        }
    }
}
