using System.Net;
using LnRelay.Crypto;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Net;
using LnRelay.Transport.Peers;

namespace LnRelay.Transport.Tests.Peers;

/// <summary>Two peer sessions over the real STS transport on loopback (port 0).</summary>
public sealed class PeerSessionLoopbackTests
{
    [Fact]
    public async Task SessionsOverStsConnection_ExchangeInit_PingAndHtlcUpdates()
    {
        using var alice = PrivateKey.Generate();
        using var bob = PrivateKey.Generate();
        var transport = new StsTransportOptions { NetworkName = PeerSessionHarness.Network };
        await using var listener = new StsListener(bob, new IPEndPoint(IPAddress.Loopback, 0), id => id == alice.PublicKey, transport);
        listener.Start();

        var dial = await Eventually.WithinAsync(new StsDialer(alice, transport).ConnectAsync("127.0.0.1", listener.Port, bob.PublicKey), "dial");
        Assert.True(dial.Succeeded, dial.Failure?.ToString());
        var accepted = await Eventually.WithinAsync(listener.AcceptAsync().AsTask(), "accept");

        var options = PeerSessionHarness.Options();
        var starts = await Eventually.WithinAsync(
            Task.WhenAll(PeerSession.StartAsync(dial.Connection, options), PeerSession.StartAsync(accepted, options)),
            "both inits");
        await using var aliceSide = starts[0].Session!;
        await using var bobSide = starts[1].Session!;
        Assert.Equal(bob.PublicKey, aliceSide.RemoteNodeId);
        Assert.Equal(alice.PublicKey, bobSide.RemoteNodeId);

        Assert.True(await Eventually.WithinAsync(aliceSide.PingAsync(100), "ping"));
        Assert.True(await aliceSide.TrySendAsync(SampleMessagesForPeers.Add));
        var delivered = await Eventually.WithinAsync(bobSide.ChannelMessages.ReadAsync().AsTask(), "update_add_htlc");
        Assert.Equal(SampleMessagesForPeers.Add.Encode(), delivered.Encode());

        Assert.True(await bobSide.TrySendAsync(ErrorMessage.FromText(ChannelId.All, "closing")));
        var end = await Eventually.WithinAsync(aliceSide.Completion, "alice sees the error");
        Assert.Equal(PeerCloseReason.PeerSentError, end.Reason);
    }
}
