using System.Runtime;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// Says when tiered compilation has settled: a whole <paramref name="window"/> in which the JIT
/// spent no more than <paramref name="quiet"/> compiling (every thread). Tiered compilation
/// recompiles hot code in the background for many seconds under load; a phase measured before
/// it settles pays for that compilation (up to a fifth of a payment's CPU after a fixed 5 s
/// warm-up; docs/performance.md, "Line CPU outside the onion"). Safe to ask from many threads.
/// </summary>
internal sealed class JitSettling(TimeSpan window, TimeSpan quiet, Func<TimeSpan>? compilationTime = null)
{
    private readonly Func<TimeSpan> _compilationTime = compilationTime ?? (() => JitInfo.GetCompilationTime(currentThread: false));
    private readonly Lock _gate = new();
    private TimeSpan _windowStart = TimeSpan.MinValue;
    private TimeSpan _compiledAtWindowStart;
    private volatile bool _settled;

    /// <summary>
    /// True once a window that ended at or before <paramref name="elapsed"/> (time since the
    /// phase started) was quiet; the first call starts the first window.
    /// </summary>
    public bool Settled(TimeSpan elapsed)
    {
        if (_settled)
        {
            return true;
        }

        lock (_gate)
        {
            if (_windowStart == TimeSpan.MinValue)
            {
                (_windowStart, _compiledAtWindowStart) = (elapsed, _compilationTime());
                return false;
            }

            if (elapsed - _windowStart < window)
            {
                return false;
            }

            var compiled = _compilationTime();
            _settled = compiled - _compiledAtWindowStart <= quiet;
            (_windowStart, _compiledAtWindowStart) = (elapsed, compiled);
            return _settled;
        }
    }
}
