using LnRelay.Orchestrator.Bench;

namespace LnRelay.Orchestrator.Tests;

/// <summary>When the benchmark's warm-up counts the JIT as settled: a whole quiet window, never a part of one.</summary>
public sealed class JitSettlingTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Settled_OnlyAfterAWholeWindowWithAtMostTheQuietAmountOfCompilation()
    {
        var compiled = TimeSpan.Zero;
        var jit = new JitSettling(Window, Quiet, () => compiled);

        Assert.False(jit.Settled(TimeSpan.FromSeconds(5)));       // starts the first window
        compiled += TimeSpan.FromMilliseconds(200);
        Assert.False(jit.Settled(TimeSpan.FromSeconds(5.5)));     // the window is not over
        Assert.False(jit.Settled(TimeSpan.FromSeconds(6)));       // 200 ms compiled in it: busy
        compiled += TimeSpan.FromMilliseconds(11);
        Assert.False(jit.Settled(TimeSpan.FromSeconds(7)));       // 11 ms: still above the quiet amount
        compiled += TimeSpan.FromMilliseconds(10);
        Assert.False(jit.Settled(TimeSpan.FromSeconds(7.9)));     // quiet so far, but only 0.9 s of it
        Assert.True(jit.Settled(TimeSpan.FromSeconds(8)));
        compiled += TimeSpan.FromSeconds(1);
        Assert.True(jit.Settled(TimeSpan.FromSeconds(8.1)));      // once settled, it stays so
    }
}
