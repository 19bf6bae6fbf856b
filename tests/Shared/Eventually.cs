using System.Diagnostics;

namespace LnRelay.Tests.Shared;

/// <summary>
/// Waits for a condition with a deadline, never a fixed sleep standing in for it (tests/Shared,
/// compiled into every test project). On timeout it throws <see cref="TimeoutException"/>, which
/// fails the test, and which a test that wants to report more than one wait may catch.
/// </summary>
internal static class Eventually
{
    /// <summary>
    /// How long a wait may take unless told otherwise: what is awaited usually comes in
    /// milliseconds, but the machine running the tests may be busy (two cores, builds beside).
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>The first look comes at once; the pause between looks doubles from here, so a quick condition is seen quickly.</summary>
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(5);

    /// <summary>The most the pause between looks grows to, so that a long wait does not load the machine it waits on (HTTP calls, whole log files).</summary>
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        ValueAsync(() => Task.FromResult(condition()), ok => ok, _ => what, deadline);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        ValueAsync(condition, ok => ok, _ => what, deadline);

    /// <summary>Reads until <paramref name="done"/> holds for what was read and returns that; <paramref name="what"/> describes the last value read for the timeout's message.</summary>
    public static Task<T> ValueAsync<T>(Func<T> read, Func<T, bool> done, Func<T, string> what, TimeSpan? deadline = null) =>
        ValueAsync(() => Task.FromResult(read()), done, what, deadline);

    /// <summary>Reads (an HTTP call, a file) until <paramref name="done"/> holds for what was read and returns that; <paramref name="what"/> describes the last value read for the timeout's message.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<T, string> what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what(value)}");
            }

            await Task.Delay(pause);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    /// <summary>The task's result, if it completes within the deadline.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        try
        {
            return await task.WaitAsync(limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what}");
        }
    }
}
