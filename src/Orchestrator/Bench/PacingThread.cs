using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// Where a paced phase's loop runs: a thread of its own, not the thread pool. On the pool, the
/// loop's timer continuations queued behind the nodes' work: at half rate on two cores it started
/// payments 4–5 ms late at p99 (docs/performance.md, "Logging without the bridge, and
/// allocations"), and a payment's latency, counted from when it was due, carried that delay
/// although the network had idle CPU. A client outside the process is not queued behind the
/// nodes' work, so the loop should not be either.
/// </summary>
internal static partial class PacingThread
{
    /// <summary>Where nanosleep is missing: the shortest sleep .NET offers.</summary>
    private static readonly TimeSpan SleepStep = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How far ahead of the due time a precise sleep ends, the rest spun: the kernel's timer slack
    /// (50 µs by default on Linux) plus a wake-up, so that a payment starts on time rather than late.
    /// </summary>
    private static readonly TimeSpan SpinMargin = TimeSpan.FromMicroseconds(80);

    private static readonly bool HasNanosleep =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>
    /// Runs <paramref name="loop"/> on a new background thread and completes when it returns (or
    /// with its exception). The loop may block: it has the thread to itself.
    /// </summary>
    public static Task RunAsync(Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "bench pacing",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Blocks until <paramref name="clock"/> reaches <paramref name="due"/>. On 64-bit Linux it
    /// sleeps with nanosleep to <see cref="SpinMargin"/> before the due time and spins the rest
    /// (microseconds, not a core); elsewhere it sleeps in steps of <see cref="SleepStep"/> (a payment
    /// then starts up to about a millisecond late, which its latency shows). Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public static void WaitUntil(Stopwatch clock, TimeSpan due, CancellationToken ct)
    {
        TimeSpan early;
        while ((early = due - clock.Elapsed) > SpinMargin)
        {
            ct.ThrowIfCancellationRequested();
            if (HasNanosleep)
            {
                var sleep = early - SpinMargin;
                var request = new Timespec(sleep.Ticks / TimeSpan.TicksPerSecond, sleep.Ticks % TimeSpan.TicksPerSecond * 100);
                _ = nanosleep(in request, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(SleepStep);
            }
        }

        var spin = default(SpinWait);
        while (clock.Elapsed < due)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>struct timespec on 64-bit Linux: seconds and nanoseconds, each a 64-bit long.</summary>
    private readonly record struct Timespec(long Seconds, long Nanoseconds);

    // An interrupted sleep (EINTR) returns early; the loop above then sleeps again.
    [LibraryImport("libc", SetLastError = false)]
    private static partial int nanosleep(in Timespec request, IntPtr remaining);
}
