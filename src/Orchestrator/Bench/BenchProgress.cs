using System.Diagnostics;
using System.Globalization;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// Progress of a benchmark phase on stderr: payments done, the rate so far and the
/// process's resident memory. On a terminal the line is redrawn twice a second; when
/// stderr is redirected (a log, CI) one line is written every ten seconds, so a long run
/// shows it is alive without flooding the log.
/// </summary>
internal sealed class BenchProgress(TextWriter output)
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly bool _terminal = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Where progress goes, for steps that report themselves (waiting for peers).</summary>
    public TextWriter Writer => output;

    /// <summary>A note on its own line (a step starting, a figure).</summary>
    public void Note(string text)
    {
        lock (output)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    /// <summary>Reports <paramref name="done"/> (out of <paramref name="total"/> when known) until disposed, then writes the phase's last line.</summary>
    public IDisposable Start(string phase, int? total, Func<int> done, Stopwatch clock)
    {
        var timer = new Timer(_ => Write(phase, total, done(), clock.Elapsed, final: false), null, Interval, Interval);
        return new Stop(() =>
        {
            timer.Dispose();
            Write(phase, total, done(), clock.Elapsed, final: true);
        });
    }

    private TimeSpan Interval => _terminal ? TerminalInterval : LogInterval;

    private void Write(string phase, int? total, int done, TimeSpan elapsed, bool final)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{phase}: {done:N0}{(total is { } t ? $"/{t:N0}" : "")} payments in {elapsed.TotalSeconds:0.0} s, {done / Math.Max(elapsed.TotalSeconds, 1e-9):N0}/s, resident memory {ProcessMemory.ResidentMb():N0} MB");
        lock (output)
        {
            if (_terminal)
            {
                output.Write("\r" + line + "   " + (final ? Environment.NewLine : ""));
            }
            else
            {
                output.WriteLine(line);
            }

            output.Flush();
        }
    }

    private sealed class Stop(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
