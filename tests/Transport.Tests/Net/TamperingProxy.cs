using System.Net;
using System.Net.Sockets;
using LnRelay.Transport.Framing;
using LnRelay.Transport.Handshake;

namespace LnRelay.Transport.Tests.Net;

/// <summary>
/// A man in the middle on the TCP path from initiator to responder that passes the
/// handshake through untouched and then rewrites the first frame the initiator sends
/// (flip, cut, replay, swap). Everything after that frame passes through unchanged.
/// </summary>
internal sealed class TamperingProxy : IAsyncDisposable
{
    private const int InitiatorHandshakeBytes = HandshakeSizes.ActOne + HandshakeSizes.ActThree;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly int _firstFrameSize;
    private readonly Func<byte[], (byte[] Forward, After Then)> _tamper;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    /// <param name="targetPort">The genuine responder.</param>
    /// <param name="firstMessageLength">Length of the first message the initiator will send.</param>
    /// <param name="tamper">Gets the first frame's bytes; returns what to forward instead, and what to do next.</param>
    public TamperingProxy(int targetPort, int firstMessageLength, Func<byte[], (byte[] Forward, After Then)> tamper)
    {
        _targetPort = targetPort;
        _firstFrameSize = FrameSizes.FrameFor(firstMessageLength);
        _tamper = tamper;
        _listener.Start();
        _run = RunAsync();
    }

    /// <summary>What the proxy does after forwarding the rewritten first frame.</summary>
    public enum After
    {
        /// <summary>Forward the rest of the stream unchanged.</summary>
        Pass,

        /// <summary>Stop forwarding but keep both connections open.</summary>
        Hold,

        /// <summary>End the stream to the responder (a FIN) right there.</summary>
        Close,
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _run!;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopping tears the pumps down.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var client = await _listener.AcceptSocketAsync(_stop.Token);
        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
        await using var fromClient = new NetworkStream(client);
        await using var toServer = new NetworkStream(server);
        var serverToClient = toServer.CopyToAsync(fromClient, _stop.Token);

        var handshake = new byte[InitiatorHandshakeBytes];
        // Act one, then act three once act two has come back through the other pump.
        await fromClient.ReadExactlyAsync(handshake.AsMemory(0, HandshakeSizes.ActOne), _stop.Token);
        await toServer.WriteAsync(handshake.AsMemory(0, HandshakeSizes.ActOne), _stop.Token);
        await fromClient.ReadExactlyAsync(handshake.AsMemory(HandshakeSizes.ActOne), _stop.Token);
        await toServer.WriteAsync(handshake.AsMemory(HandshakeSizes.ActOne), _stop.Token);

        var frame = new byte[_firstFrameSize];
        await fromClient.ReadExactlyAsync(frame, _stop.Token);
        var (forward, then) = _tamper(frame);
        await toServer.WriteAsync(forward, _stop.Token);
        switch (then)
        {
            case After.Hold:
                await Task.Delay(Timeout.Infinite, _stop.Token);
                break;
            case After.Pass:
                await fromClient.CopyToAsync(toServer, _stop.Token);
                break;
        }

        server.Shutdown(SocketShutdown.Send);
        await serverToClient;
    }
}
