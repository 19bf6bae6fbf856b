using System.Threading.Channels;
using LnRelay.Node.MultiPart;

namespace LnRelay.Node.Tests.MultiPart;

/// <summary>Tests that measure the process's held memory run alone: another test's live objects would count as theirs.</summary>
[CollectionDefinition(nameof(HeldMemory), DisableParallelization = true)]
public sealed class HeldMemory;

/// <summary>
/// The idle wait of <see cref="PartSetTimer"/>: every idle node times one out every
/// <see cref="PartSetTimer.IdleSleep"/> for as long as it runs, so a timed-out wait must take its
/// waiter off the channel (a timeout put on top of the channel's wait held about 260 bytes each).
/// </summary>
[Collection(nameof(HeldMemory))]
public sealed class PartSetTimerIdleWaitTests
{
    private const int Waits = 20_000;

    [Fact]
    public async Task AWaitThatTimesOut_LeavesNothingHeld()
    {
        var signal = NewSignal();
        using var stopping = new CancellationTokenSource();
        Assert.False(await PartSetTimer.WaitForSignalAsync(signal.Reader, TimeSpan.FromTicks(1), TimeProvider.System, stopping.Token));
        var before = HeldBytes();
        for (var i = 0; i < Waits; i++)
        {
            Assert.False(await PartSetTimer.WaitForSignalAsync(signal.Reader, TimeSpan.FromTicks(1), TimeProvider.System, stopping.Token));
        }

        var perWait = (HeldBytes() - before) / (double)Waits;
        Assert.True(perWait < 32, $"{perWait:F0} bytes held per timed-out wait");
        GC.KeepAlive(signal);
    }

    [Fact]
    public async Task ASignalWakesTheWait_AndStoppingEndsIt()
    {
        var signal = NewSignal();
        using var stopping = new CancellationTokenSource();
        var waiting = PartSetTimer.WaitForSignalAsync(signal.Reader, TimeSpan.FromMinutes(1), TimeProvider.System, stopping.Token);
        Assert.True(signal.Writer.TryWrite(true));
        Assert.True(await waiting);
        Assert.True(signal.Reader.TryRead(out _));

        var stopped = PartSetTimer.WaitForSignalAsync(signal.Reader, TimeSpan.FromMinutes(1), TimeProvider.System, stopping.Token);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped);
    }

    private static Channel<bool> NewSignal() =>
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private static long HeldBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
