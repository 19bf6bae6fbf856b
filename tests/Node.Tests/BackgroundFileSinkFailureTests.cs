using LnRelay.Node.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace LnRelay.Node.Tests;

/// <summary>An event the formatter cannot write is left out; the lines after it still reach the file.</summary>
public sealed class BackgroundFileSinkFailureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lnrelay-sink-fail-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnEventThatCannotBeFormatted_IsLeftOut_AndLaterEventsAreWritten()
    {
        var path = Path.Combine(_dir, "n.jsonl");
        using (var logger = new LoggerConfiguration().WriteTo.Sink(new BackgroundFileSink(path, new ThrowsOnBoom())).CreateLogger())
        {
            logger.Information("before");
            logger.Information("boom");
            logger.Information("after");
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Contains("before", lines[0], StringComparison.Ordinal);
        Assert.Contains("after", lines[1], StringComparison.Ordinal);
    }

    /// <summary>JSON lines, except that it throws half-way through an event whose template is "boom".</summary>
    private sealed class ThrowsOnBoom : ITextFormatter
    {
        private readonly JsonFormatter _json = new();

        public void Format(LogEvent logEvent, TextWriter output)
        {
            if (logEvent.MessageTemplate.Text == "boom")
            {
                output.Write("{\"half\":");
                throw new InvalidOperationException("a property could not be rendered");
            }

            _json.Format(logEvent, output);
        }
    }
}
