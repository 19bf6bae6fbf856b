using LnRelay.Node.MultiPart;
using LnRelay.Node.Tests.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.MultiPart;

/// <summary>
/// The payee's timer for held sets (<see cref="PartSetTimer"/>): while no set is open it sleeps up to
/// <see cref="PartSetTimer.IdleSleep"/>, and a set that opens wakes it, so a set whose timeout is
/// shorter than that still fails with mpp_timeout at its deadline (BOLT 4 "Basic Multi-Part Payments").
/// </summary>
public sealed class PartSetTimerTests
{
    [Fact]
    public async Task AnIdleTimer_WakesWhenASetOpens_AndFailsItAtItsDeadline()
    {
        var net = MultiPartSwitchTests.Diamond();
        var payee = net["e"].Switch;
        payee.PartSetTimeout = TimeSpan.FromSeconds(1);
        Assert.True(payee.PartSetTimeout < PartSetTimer.IdleSleep);
        using var timer = new PartSetTimer(payee, net.Time);
        await timer.StartAsync(CancellationToken.None);
        try
        {
            // The timer is asleep with no set open, for IdleSleep at most: only the set's opening can wake it before the deadline.
            await Eventually.TrueAsync(() => net.Time.ActiveTimers > 0, "the idle timer's sleep is scheduled");
            var invoice = net.Invoice("e", 3_000_000);
            var part = MultiPartSwitchTests.Part(net, invoice, 1_000_000, "b");
            net.PumpUntilQuiet();
            Assert.Equal(1, payee.HeldPartCount);

            net.Time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(
                () =>
                {
                    net.PumpUntilQuiet();
                    return part.Task.IsCompleted;
                },
                "the held part failed at its deadline");
            Assert.Equal(FailureCode.MppTimeout, part.DecodeFailure().Message!.Code);
            Assert.Equal(0, payee.HeldPartCount);
        }
        finally
        {
            await timer.StopAsync(CancellationToken.None);
        }
    }
}
