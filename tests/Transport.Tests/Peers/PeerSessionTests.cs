using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Transport.Tests.Peers;

public sealed class PeerSessionTests
{
    [Fact]
    public async Task Start_SendsInitFirst_WithFeaturesAndNetwork_ThenAcceptsThePeersInit()
    {
        await using var harness = PeerSessionHarness.Create();
        var start = PeerSession.StartAsync(harness.Local, PeerSessionHarness.Options(), null, CancellationToken.None);

        var first = Assert.IsType<InitMessage>((await harness.ReceiveAsync()).Message);
        Assert.Equal(FeatureBits.FromBits(8, 14), first.Features);
        Assert.Equal(NetworkChainHash.For(PeerSessionHarness.Network), Assert.Single(first.Networks!).ToArray());
        Assert.False(start.IsCompleted);

        await harness.SendAsync(PeerSessionHarness.RawInit(FeatureBits.FromBits(8, 15, 51)));
        var result = await Eventually.WithinAsync(start, "start");
        Assert.True(result.IsStarted);
        Assert.True(result.Session.RemoteFeatures.IsSet(51));
        await result.Session.DisposeAsync();
    }

    [Fact]
    public async Task TwoSessions_StartAgainstEachOther()
    {
        var (a, b) = InMemoryMessageConnection.CreatePair(PeerSessionHarness.LocalId, PeerSessionHarness.RemoteId);
        var startA = PeerSession.StartAsync(a, PeerSessionHarness.Options(), null, CancellationToken.None);
        var startB = PeerSession.StartAsync(b, PeerSessionHarness.Options(), null, CancellationToken.None);
        var results = await Eventually.WithinAsync(Task.WhenAll(startA, startB), "both starts");

        Assert.All(results, r => Assert.True(r.IsStarted));
        Assert.True(await Eventually.WithinAsync(results[0].Session!.PingAsync(3), "ping a->b"));
        Assert.True(await Eventually.WithinAsync(results[1].Session!.PingAsync(0), "ping b->a"));
        await results[0].Session!.DisposeAsync();
        Assert.Equal(PeerCloseReason.ConnectionLost, (await Eventually.WithinAsync(results[1].Session!.Completion, "b ends")).Reason);
        await results[1].Session!.DisposeAsync();
    }

    [Theory]
    [InlineData(PeerCloseReason.UnknownRequiredFeature, 50, PeerSessionHarness.Network)]
    [InlineData(PeerCloseReason.NetworkMismatch, 9, "some-other-network")]
    public async Task PeerInit_ThatCannotBeAccepted_IsAnsweredWithErrorAndClose(PeerCloseReason expected, int featureBit, string network)
    {
        await using var harness = PeerSessionHarness.Create();
        var start = PeerSession.StartAsync(harness.Local, PeerSessionHarness.Options(), null, CancellationToken.None);
        _ = await harness.ReceiveAsync();
        await harness.SendAsync(PeerSessionHarness.RawInit(FeatureBits.FromBits(featureBit), network));

        var result = await Eventually.WithinAsync(start, "refusal");
        Assert.False(result.IsStarted);
        Assert.Equal(expected, result.Refusal.Reason);
        Assert.IsType<ErrorMessage>((await harness.ReceiveAsync()).Message);
        Assert.True(await harness.ReceiveEndAsync());
    }

    [Fact]
    public async Task PeerInit_WithoutNetworks_IsAccepted()
    {
        await using var harness = PeerSessionHarness.Create();
        var start = PeerSession.StartAsync(harness.Local, PeerSessionHarness.Options(), null, CancellationToken.None);
        _ = await harness.ReceiveAsync();
        await harness.SendAsync(new InitMessage(FeatureBits.None));
        var result = await Eventually.WithinAsync(start, "start");
        Assert.True(result.IsStarted);
        await result.Session.DisposeAsync();
    }

    [Fact]
    public async Task FirstMessageOtherThanInit_IsRefused()
    {
        await using var harness = PeerSessionHarness.Create();
        var start = PeerSession.StartAsync(harness.Local, PeerSessionHarness.Options(), null, CancellationToken.None);
        _ = await harness.ReceiveAsync();
        await harness.SendAsync(new PingMessage(1));

        var result = await Eventually.WithinAsync(start, "refusal");
        Assert.Equal(PeerCloseReason.FirstMessageNotInit, result.Refusal!.Reason);
    }

    [Fact]
    public async Task NoInitInTime_IsRefused()
    {
        var time = new ManualTimeProvider();
        await using var harness = PeerSessionHarness.Create();
        var start = PeerSession.StartAsync(harness.Local, PeerSessionHarness.Options(time), null, CancellationToken.None);
        _ = await harness.ReceiveAsync();
        await Eventually.TrueAsync(() => time.ActiveTimers > 0, "init deadline armed");
        time.Advance(TimeSpan.FromSeconds(10));

        var result = await Eventually.WithinAsync(start, "refusal");
        Assert.Equal(PeerCloseReason.InitTimeout, result.Refusal!.Reason);
    }

    [Fact]
    public async Task Ping_IsAnsweredWithExactlyThatManyZeroBytes()
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        await harness.SendAsync(new PingMessage(65531, new byte[7]));

        var pong = Assert.IsType<PongMessage>((await harness.ReceiveAsync()).Message);
        Assert.Equal(65531, pong.Ignored.Length);
        Assert.True(pong.Ignored.Span.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public async Task Ping_AskingFor65532BytesOrMore_IsNotAnswered()
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        await harness.SendAsync(new PingMessage(65532));
        await harness.SendAsync(new PingMessage(ushort.MaxValue));
        await harness.SendAsync(new PingMessage(2));

        // Pings are handled in order: the first message back answers the third ping.
        var pong = Assert.IsType<PongMessage>((await harness.ReceiveAsync()).Message);
        Assert.Equal(2, pong.Ignored.Length);
    }

    [Fact]
    public async Task UnknownOddType_IsIgnored_AndTheSessionCarriesOn()
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        await harness.SendRawAsync("0021deadbeef");
        await harness.SendRawAsync("ff01");
        await harness.SendAsync(new PingMessage(1));

        Assert.IsType<PongMessage>((await harness.ReceiveAsync()).Message);
        Assert.False(session.Completion.IsCompleted);
    }

    [Theory]
    [InlineData("0020", PeerCloseReason.UnknownEvenMessage)]
    [InlineData("0012000000", PeerCloseReason.MalformedMessage)]
    [InlineData("0087" + "00", PeerCloseReason.MalformedMessage)]
    public async Task UnknownEvenOrMalformed_IsAnsweredWithErrorAndClose(string hex, PeerCloseReason expected)
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        await harness.SendRawAsync(hex);

        var error = Assert.IsType<ErrorMessage>((await harness.ReceiveAsync()).Message);
        Assert.True(error.ChannelId.IsAll);
        Assert.True(await harness.ReceiveEndAsync());
        Assert.Equal(expected, (await Eventually.WithinAsync(session.Completion, "end")).Reason);
    }

    [Fact]
    public async Task ErrorFromPeer_ClosesTheSession()
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        await harness.SendAsync(ErrorMessage.FromText(ChannelId.All, "bye"));

        var end = await Eventually.WithinAsync(session.Completion, "end");
        Assert.Equal(PeerCloseReason.PeerSentError, end.Reason);
        Assert.Equal("bye", end.Detail);
        Assert.True(await harness.ReceiveEndAsync());
    }

    [Fact]
    public async Task WarningFromPeer_IsLoggedOnly()
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        await harness.SendAsync(WarningMessage.FromText(ChannelId.All, "careful"));
        await harness.SendAsync(new PingMessage(0));

        Assert.IsType<PongMessage>((await harness.ReceiveAsync()).Message);
        Assert.False(session.Completion.IsCompleted);
    }

    [Fact]
    public async Task HtlcUpdatesAndLinkSyncs_AreDeliveredInOneStreamInOrder()
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        LightningMessage[] sent =
        [
            SampleMessagesForPeers.Add,
            new UpdateFulfillHtlcMessage(SampleMessagesForPeers.Channel, 1, new byte[32]),
            new UpdateFailHtlcMessage(SampleMessagesForPeers.Channel, 2, new byte[292], new byte[MessageSizes.AttributionData]),
            new UpdateFailMalformedHtlcMessage(SampleMessagesForPeers.Channel, 3, new byte[32], 0x8000 | 0x4000 | 6),
            new LinkSyncMessage(LinkSyncKind.Ack, 7, 9, 4),
        ];
        foreach (var message in sent)
        {
            await harness.SendAsync(message);
        }

        foreach (var expected in sent)
        {
            var delivered = await Eventually.WithinAsync(session.ChannelMessages.ReadAsync().AsTask(), "an HTLC update");
            Assert.Equal(expected.Encode(), delivered.Encode());
        }
    }

    [Fact]
    public async Task ChannelMessages_CompleteWhenTheSessionEnds()
    {
        await using var harness = PeerSessionHarness.Create();
        var session = await harness.StartAsync();
        await harness.Raw.CloseAsync(CancellationToken.None);

        Assert.Equal(PeerCloseReason.ConnectionLost, (await Eventually.WithinAsync(session.Completion, "end")).Reason);
        Assert.False(await Eventually.WithinAsync(session.ChannelMessages.WaitToReadAsync().AsTask(), "reader completes"));
        Assert.False(await session.TrySendAsync(new PingMessage(0)));
        await session.DisposeAsync();
    }

    [Fact]
    public async Task PongOfTheWrongLength_Disconnects()
    {
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync();
        var ping = session.PingAsync(4);
        Assert.IsType<PingMessage>((await harness.ReceiveAsync()).Message);
        await harness.SendAsync(new PongMessage(new byte[3]));

        Assert.False(await Eventually.WithinAsync(ping, "ping result"));
        Assert.Equal(PeerCloseReason.UnexpectedPongLength, (await Eventually.WithinAsync(session.Completion, "end")).Reason);
    }
}
