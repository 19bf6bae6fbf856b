using System.Net;
using System.Net.Sockets;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Handshake;
using LnRelay.Transport.Net;
using LnRelay.Transport.Tests.Handshake;

namespace LnRelay.Transport.Tests.Net;

/// <summary>
/// docs/transport.md "Why it is built this way", over real loopback TCP: each
/// case expects the connection closed, the reason code logged, nothing delivered
/// upward (no accepted connection, no received message) and nothing sent back
/// during a failed handshake.
/// </summary>
public sealed class TransportAttackTests
{
    private static readonly byte[] Message = [0x00, 0x12, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef];

    [Fact]
    public async Task ManInTheMiddle_WithOwnKeys_DialRefusedUnexpectedNodeId()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        await using var mallory = new TestNode().Start();

        // Alice thinks she is dialling Bob, but the address leads to Mallory.
        var result = await alice.Dialer.ConnectAsync("127.0.0.1", mallory.Port, bob.Id);

        Assert.Equal(TransportFailure.UnexpectedNodeId, result.Failure);
        await alice.Log.WaitForReasonAsync(TransportFailure.UnexpectedNodeId);
        await mallory.Log.WaitForReasonAsync(TransportFailure.ClosedDuringHandshake);
        await Eventually.TrueAsync(() => mallory.Listener.SlotsInUse == 0, "Mallory's handshake slot released");
    }

    [Fact]
    public async Task GenuineNodeThatIsNotTheOneDialled_DialRefused()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        await using var carol = new TestNode().Start();

        var result = await alice.Dialer.ConnectAsync("127.0.0.1", bob.Port, carol.Id);

        Assert.Equal(TransportFailure.UnexpectedNodeId, result.Failure);
        await alice.Log.WaitForReasonAsync(TransportFailure.UnexpectedNodeId);
    }

    [Fact]
    public async Task InitiatorRefusedByAuthorizer_ResponderClosesAndDeliversNothing()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode(authorize: _ => false).Start();

        // The initiator finishes first (act three is its last word), then sees the close.
        var result = await alice.DialAsync(bob);
        Assert.True(result.Succeeded);
        await using var connection = result.Connection;

        await bob.Log.WaitForReasonAsync(TransportFailure.NotAuthorized);
        Assert.Null(await connection.ReceiveAsync());
        await Eventually.TrueAsync(() => bob.Listener.SlotsInUse == 0, "Bob's slot released, nothing queued");
    }

    [Fact]
    public async Task WholeRecordedHandshake_Replayed_IsRefusedWithNothingDelivered()
    {
        await using var bob = new TestNode().Start();
        using var alice = HandshakeHarness.Key(0x11);
        var recorded = HandshakeHarness.Execute(alice, bob.Key, responderRandomness: null, initiatorRandomness: null, initiatorNetwork: TestNode.Network, responderNetwork: TestNode.Network);
        Assert.NotNull(recorded.Responder);

        using var raw = await RawConnectAsync(bob.Port);
        await raw.SendAsync(recorded.ActOne);
        var actTwo = new byte[HandshakeSizes.ActTwo];
        await ReceiveExactlyAsync(raw, actTwo);
        await raw.SendAsync(recorded.ActThree!);

        await bob.Log.WaitForReasonAsync(TransportFailure.ActDecryptionFailed);
        Assert.Equal(0, await ClosedByPeer.WaitAsync(raw));
    }

    [Fact]
    public async Task InitiatorsOwnActOneReflected_DialRefused()
    {
        await using var alice = new TestNode();
        using var reflector = new TcpListener(IPAddress.Loopback, 0);
        reflector.Start();
        var reflecting = Task.Run(async () =>
        {
            using var socket = await reflector.AcceptSocketAsync();
            var actOne = new byte[HandshakeSizes.ActOne];
            await ReceiveExactlyAsync(socket, actOne);
            // An act two whose Y is Alice's own X.
            var actTwo = new byte[HandshakeSizes.ActTwo];
            actOne.CopyTo(actTwo, 0);
            await socket.SendAsync(actTwo);
            return await ClosedByPeer.WaitAsync(socket);
        });

        var result = await alice.Dialer.ConnectAsync("127.0.0.1", ((IPEndPoint)reflector.LocalEndpoint).Port, HandshakeHarness.Key(0x21).PublicKey);

        Assert.Equal(TransportFailure.ReflectedKey, result.Failure);
        Assert.Equal(0, await reflecting); // and Alice sent nothing more after act one
    }

    public static TheoryData<string, byte[]> BadActOnes => new()
    {
        { "unknown version 1", [1, .. HandshakeHarness.Key(0x44).PublicKey.ToBytes()] },
        { "unknown version ff", [0xff, .. HandshakeHarness.Key(0x44).PublicKey.ToBytes()] },
        { "uncompressed prefix", [0, 0x04, .. new byte[32]] },
        { "off curve", [0, 0x02, .. new byte[31], 5] },
        { "own node id as ephemeral", [] },
    };

    [Theory]
    [MemberData(nameof(BadActOnes))]
    public async Task BadActOne_ClosedWithReasonAndNothingSentBack(string what, byte[] actOne)
    {
        await using var bob = new TestNode().Start();
        if (actOne.Length == 0)
        {
            actOne = [0, .. bob.Id.ToBytes()];
        }

        using var raw = await RawConnectAsync(bob.Port);
        await raw.SendAsync(actOne);

        Assert.Equal(0, await ClosedByPeer.WaitAsync(raw));
        var expected = what switch
        {
            _ when what.StartsWith("unknown", StringComparison.Ordinal) => TransportFailure.UnknownVersion,
            _ when what.StartsWith("own", StringComparison.Ordinal) => TransportFailure.ReflectedKey,
            _ => TransportFailure.InvalidEphemeralKey,
        };
        await bob.Log.WaitForReasonAsync(expected);
    }

    [Fact]
    public async Task StreamCutInsideAnAct_ClosedDuringHandshake()
    {
        await using var bob = new TestNode().Start();
        using var raw = await RawConnectAsync(bob.Port);
        await raw.SendAsync(new byte[HandshakeSizes.ActOne - 1]);
        raw.Shutdown(SocketShutdown.Send);

        await bob.Log.WaitForReasonAsync(TransportFailure.ClosedDuringHandshake);
        Assert.Equal(0, await ClosedByPeer.WaitAsync(raw));
    }

    public static TheoryData<string> FrameTampering => new() { "flip header", "flip body", "replay", "cut", "forged length header only" };

    [Theory]
    [MemberData(nameof(FrameTampering))]
    public async Task TamperedFirstFrame_ConnectionDroppedWithReasonAndNothingDelivered(string how)
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        await using var proxy = new TamperingProxy(bob.Port, Message.Length, frame => how switch
        {
            "flip header" => (HandshakeHarness.FlipBit(frame, 8), TamperingProxy.After.Pass),
            "flip body" => (HandshakeHarness.FlipBit(frame, frame.Length * 8 - 1), TamperingProxy.After.Pass),
            "replay" => ([.. frame, .. frame], TamperingProxy.After.Pass),
            "cut" => (frame[..(frame.Length - 1)], TamperingProxy.After.Close),
            // A header claiming 65535 bytes cannot be forged without the key: flip the length
            // ciphertext and hold the connection, so a receiver that waited for a body would hang.
            _ => (HandshakeHarness.FlipBit(frame[..LnRelay.Transport.Framing.FrameSizes.Header], 0), TamperingProxy.After.Hold),
        });

        var result = await alice.Dialer.ConnectAsync("127.0.0.1", proxy.Port, bob.Id);
        Assert.True(result.Succeeded);
        await using var toBob = result.Connection;
        await using var toAlice = await bob.AcceptAsync();
        await toBob.SendAsync(Message);

        var received = await toAlice.ReceiveAsync();
        var expected = how switch
        {
            "cut" => TransportFailure.TruncatedFrame,
            _ => TransportFailure.FrameDecryptionFailed,
        };
        if (how == "replay")
        {
            // The genuine frame is delivered once; its copy is refused.
            Assert.Equal(Message, received!.Value.ToArray());
            received = await toAlice.ReceiveAsync();
        }

        Assert.Null(received);
        Assert.Equal(CloseReason.Failed, toAlice.CloseReason);
        Assert.Equal(expected, toAlice.Failure);
        await bob.Log.WaitForReasonAsync(expected);
    }

    [Fact]
    public async Task FrameFromAnotherConnection_Spliced_IsRefused()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        // Record a genuine first frame on one connection...
        byte[]? recorded = null;
        await using (var recorder = new TamperingProxy(bob.Port, Message.Length, frame =>
        {
            recorded = frame;
            return (frame, TamperingProxy.After.Pass);
        }))
        {
            var first = await alice.Dialer.ConnectAsync("127.0.0.1", recorder.Port, bob.Id);
            await using var firstConnection = first.Connection!;
            await using var firstAccepted = await bob.AcceptAsync();
            await firstConnection.SendAsync(Message);
            Assert.NotNull(await firstAccepted.ReceiveAsync());
        }

        // ...and splice it into a second connection in place of that one's first frame.
        await using var splicer = new TamperingProxy(bob.Port, Message.Length, _ => (recorded!, TamperingProxy.After.Pass));
        var second = await alice.Dialer.ConnectAsync("127.0.0.1", splicer.Port, bob.Id);
        await using var secondConnection = second.Connection!;
        await using var secondAccepted = await bob.AcceptAsync();
        await secondConnection.SendAsync(Message);

        Assert.Null(await secondAccepted.ReceiveAsync());
        Assert.Equal(TransportFailure.FrameDecryptionFailed, secondAccepted.Failure);
    }

    internal static async Task<Socket> RawConnectAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    internal static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cts.Token);
            Assert.NotEqual(0, read);
            total += read;
        }
    }
}
