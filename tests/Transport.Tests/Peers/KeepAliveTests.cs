using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Transport.Tests.Peers;

public sealed class KeepAliveTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PeerThatAnswersPings_StaysConnected()
    {
        var time = new ManualTimeProvider();
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync(Options(time));

        for (var round = 0; round < 3; round++)
        {
            await Eventually.TrueAsync(() => time.ActiveTimers == 1 && time.NextDueIn == Interval, "keep-alive waiting for its interval");
            time.Advance(Interval);
            var ping = Assert.IsType<PingMessage>((await harness.ReceiveAsync()).Message);
            Assert.Equal(0, ping.NumPongBytes);
            await Eventually.TrueAsync(() => time.ActiveTimers == 1 && time.NextDueIn == PongTimeout, "pong deadline armed");
            await harness.SendAsync(PongMessage.Answering(ping));
        }

        Assert.False(session.Completion.IsCompleted);
    }

    [Fact]
    public async Task PeerThatDoesNotPongInTime_IsDisconnected()
    {
        var time = new ManualTimeProvider();
        await using var harness = PeerSessionHarness.Create();
        await using var session = await harness.StartAsync(Options(time));

        await Eventually.TrueAsync(() => time.ActiveTimers == 1 && time.NextDueIn == Interval, "keep-alive waiting for its interval");
        time.Advance(Interval);
        Assert.IsType<PingMessage>((await harness.ReceiveAsync()).Message);
        await Eventually.TrueAsync(() => time.ActiveTimers == 1 && time.NextDueIn == PongTimeout, "pong deadline armed");
        time.Advance(PongTimeout - TimeSpan.FromSeconds(1));
        Assert.False(session.Completion.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(PeerCloseReason.PongTimeout, (await Eventually.WithinAsync(session.Completion, "end")).Reason);
        Assert.True(await harness.ReceiveEndAsync());
    }

    private static PeerSessionOptions Options(TimeProvider time) => new()
    {
        NetworkName = PeerSessionHarness.Network,
        PingInterval = Interval,
        PongTimeout = PongTimeout,
        TimeProvider = time,
    };
}
