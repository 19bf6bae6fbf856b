using System.Net.Sockets;
using LnRelay.Crypto;
using LnRelay.Transport.Handshake;

namespace LnRelay.Transport.Net;

/// <summary>
/// Moves the sans-IO handshake's bytes over a stream under two deadlines
/// (docs/transport.md "Why it is built this way": deadlines and a cap): one per act,
/// one for the whole handshake, both on the injected <see cref="TimeProvider"/>.
/// Every failure is a value; on failure nothing has been sent for the failed act,
/// and the caller closes the socket.
/// </summary>
internal sealed class HandshakeRunner : IDisposable
{
    private readonly Stream _stream;
    private readonly StsTransportOptions _options;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _handshakeDeadline;
    private readonly CancellationTokenSource _handshakeToken;

    public HandshakeRunner(Stream stream, StsTransportOptions options, CancellationToken callerToken)
    {
        _stream = stream;
        _options = options;
        _callerToken = callerToken;
        _handshakeDeadline = new CancellationTokenSource(options.HandshakeTimeout, options.TimeProvider);
        _handshakeToken = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _handshakeDeadline.Token);
    }

    public async Task<HandshakeOutcome> RunInitiatorAsync(PrivateKey identity, PublicKey expectedResponder)
    {
        using var handshake = new InitiatorHandshake(identity, expectedResponder, _options.NetworkName, _options.Randomness);
        var actOne = new byte[HandshakeSizes.ActOne];
        var actTwo = new byte[HandshakeSizes.ActTwo];
        var actThree = new byte[HandshakeSizes.ActThree];
        handshake.WriteActOne(actOne);
        if (await WriteAsync(actOne) is { } writeFailure)
        {
            return HandshakeOutcome.Fail(writeFailure);
        }

        if (await ReadActAsync(actTwo) is { } readFailure)
        {
            return HandshakeOutcome.Fail(readFailure);
        }

        if (!handshake.TryReadActTwo(actTwo, actThree, out var result, out var failure))
        {
            return HandshakeOutcome.Fail(failure);
        }

        if (await WriteAsync(actThree) is { } finalFailure)
        {
            result!.Dispose();
            return HandshakeOutcome.Fail(finalFailure);
        }

        return HandshakeOutcome.Succeed(result!);
    }

    public async Task<HandshakeOutcome> RunResponderAsync(PrivateKey identity, Func<PublicKey, bool> authorize)
    {
        using var handshake = new ResponderHandshake(identity, _options.NetworkName, _options.Randomness);
        var actOne = new byte[HandshakeSizes.ActOne];
        var actTwo = new byte[HandshakeSizes.ActTwo];
        var actThree = new byte[HandshakeSizes.ActThree];
        if (await ReadActAsync(actOne) is { } readFailure)
        {
            return HandshakeOutcome.Fail(readFailure);
        }

        if (!handshake.TryReadActOne(actOne, actTwo, out var failure))
        {
            return HandshakeOutcome.Fail(failure);
        }

        if (await WriteAsync(actTwo) is { } writeFailure)
        {
            return HandshakeOutcome.Fail(writeFailure);
        }

        if (await ReadActAsync(actThree) is { } finalReadFailure)
        {
            return HandshakeOutcome.Fail(finalReadFailure);
        }

        return handshake.TryReadActThree(actThree, authorize, out var result, out failure)
            ? HandshakeOutcome.Succeed(result!)
            : HandshakeOutcome.Fail(failure);
    }

    public void Dispose()
    {
        _handshakeToken.Dispose();
        _handshakeDeadline.Dispose();
    }

    private async Task<TransportFailure?> ReadActAsync(Memory<byte> act)
    {
        using var actDeadline = new CancellationTokenSource(_options.ActTimeout, _options.TimeProvider);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(_handshakeToken.Token, actDeadline.Token);
        try
        {
            await _stream.ReadExactlyAsync(act, token.Token);
            return null;
        }
        catch (OperationCanceledException)
        {
            return WhichDeadline(actDeadline);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or SocketException or ObjectDisposedException)
        {
            return TransportFailure.ClosedDuringHandshake;
        }
    }

    private async Task<TransportFailure?> WriteAsync(ReadOnlyMemory<byte> act)
    {
        try
        {
            await _stream.WriteAsync(act, _handshakeToken.Token);
            return null;
        }
        catch (OperationCanceledException)
        {
            return WhichDeadline(null);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return TransportFailure.ClosedDuringHandshake;
        }
    }

    private TransportFailure WhichDeadline(CancellationTokenSource? actDeadline)
    {
        _callerToken.ThrowIfCancellationRequested();
        return _handshakeDeadline.IsCancellationRequested || actDeadline is null
            ? TransportFailure.HandshakeTimeout
            : TransportFailure.ActTimeout;
    }
}
