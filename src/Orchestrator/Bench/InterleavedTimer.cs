using System.Diagnostics;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// How <c>bench onion</c>, the network benchmark's <c>CryptoCeiling</c> and the AEAD comparison in
/// bench/Bench (<c>aead-interleaved</c>, which links this file) time short operations: each is warmed
/// up, then timed in interleaved batches of about <see cref="BatchTarget"/>; the figure is the median
/// batch's time per call.
/// </summary>
internal static class InterleavedTimer
{
    private const int Samples = 31;
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan BatchTarget = TimeSpan.FromMilliseconds(3);

    /// <summary>
    /// Warms every operation up, then takes <paramref name="samples"/> rounds (<see cref="Samples"/>
    /// unless told) in which each runs one batch, interleaved, so a burst of load from other processes
    /// hits every operation alike and the floor ratios stay fair. Returns the median microseconds per
    /// call of each.
    /// </summary>
    public static Dictionary<string, double> Measure(List<(string Name, Action Call)> operations, int samples = Samples)
    {
        var batches = new int[operations.Count];
        for (var o = 0; o < operations.Count; o++)
        {
            var clock = Stopwatch.StartNew();
            var calls = 0;
            while (clock.Elapsed < WarmUp)
            {
                operations[o].Call();
                calls++;
            }

            batches[o] = Math.Max(1, (int)(calls * (BatchTarget / WarmUp)));
        }

        var perCall = new double[operations.Count, samples];
        for (var s = 0; s < samples; s++)
        {
            for (var o = 0; o < operations.Count; o++)
            {
                var call = operations[o].Call;
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < batches[o]; i++)
                {
                    call();
                }

                perCall[o, s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / batches[o];
            }
        }

        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var o = 0; o < operations.Count; o++)
        {
            var sorted = Enumerable.Range(0, samples).Select(s => perCall[o, s]).Order().ToArray();
            medians[operations[o].Name] = sorted[samples / 2];
        }

        return medians;
    }
}
