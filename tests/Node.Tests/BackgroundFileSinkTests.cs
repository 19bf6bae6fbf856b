using System.Text.Json;
using LnRelay.Node.Logging;
using LnRelay.Tests.Shared;
using Serilog;
using Serilog.Formatting.Json;

namespace LnRelay.Node.Tests;

/// <summary>The node's log file sink: events queued by many threads land whole, in each thread's order, and all of them by the time it is disposed.</summary>
public sealed class BackgroundFileSinkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lnrelay-sink-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task EventsFromManyThreads_AreAllInTheFileAsWholeLinesInEachThreadsOrder()
    {
        const int Threads = 4;
        const int PerThread = 2_000;
        var path = Path.Combine(_dir, "logs", "n1.jsonl");
        var logger = new LoggerConfiguration().WriteTo.Sink(new BackgroundFileSink(path, new JsonFormatter(renderMessage: true))).CreateLogger();

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                logger.Information("Event {Thread} {Index} with a non-ASCII name: {Name}", t, i, "ünïcødé ✓");
            }
        })));
        logger.Dispose();

        var lines = File.ReadAllLines(path);
        Assert.Equal(Threads * PerThread, lines.Length);
        var next = new int[Threads];
        foreach (var line in lines)
        {
            var properties = JsonDocument.Parse(line).RootElement.GetProperty("Properties");
            var thread = properties.GetProperty("Thread").GetInt32();
            Assert.Equal(next[thread]++, properties.GetProperty("Index").GetInt32());
            Assert.Equal("ünïcødé ✓", properties.GetProperty("Name").GetString());
        }
    }

    [Fact]
    public async Task WhileRunning_EveryEventReachesTheFileWithoutWaitingForDisposal()
    {
        var path = Path.Combine(_dir, "logs", "n2.jsonl");
        using var logger = new LoggerConfiguration().WriteTo.Sink(new BackgroundFileSink(path, new JsonFormatter(renderMessage: true))).CreateLogger();
        const int Count = 500;
        for (var i = 0; i < Count; i++)
        {
            logger.Information("Event {Index} {Padding}", i, new string('x', 300));
        }

        // Complete: every event, and the last line ended.
        var text = await Eventually.ValueAsync(
            () => ReadShared(path),
            t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == Count && t.EndsWith('\n'),
            t => $"the {Count} events in the file while the logger ran; it holds {t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} line(s)");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Select((l, i) => (l, i)), x => Assert.Equal(x.i, JsonDocument.Parse(x.l).RootElement.GetProperty("Properties").GetProperty("Index").GetInt32()));
    }

    [Fact]
    public async Task ALoneLine_ReachesTheFileOnTheSharedClocksTick()
    {
        // Fewer lines than wake a writer by themselves: the process's flush clock writes them.
        var path = Path.Combine(_dir, "logs", "n3.jsonl");
        var set = NodeLogs.Create("n3", path, console: false, direct: true);
        try
        {
            HtlcLog.Settled(set.Loggers.CreateLogger("LnRelay.Node.Switch"), "ab", 1, "101x2x0", 1000);
            var text = await Eventually.ValueAsync(
                () => File.Exists(path) ? ReadShared(path) : "",
                t => t.EndsWith('\n'),
                _ => $"the one line in the file within a few of the clock's {LogFlushClock.Interval.TotalMilliseconds} ms ticks");
            Assert.Contains("\"HtlcId\":1", text, StringComparison.Ordinal);
        }
        finally
        {
            set.Serilog.Dispose();
        }
    }

    [Fact]
    public void Flush_WritesWhatWasQueuedAtOnce_WithoutWaitingForTheClock()
    {
        // Each line is read right after Flush returns; without it, the line would wait up to the clock's 200 ms tick.
        var path = Path.Combine(_dir, "logs", "n4.jsonl");
        var set = NodeLogs.Create("n4", path, console: false, direct: true);
        try
        {
            var log = set.Loggers.CreateLogger("LnRelay.Node.Switch");
            for (var i = 1; i <= 3; i++)
            {
                HtlcLog.Settled(log, "ab", (ulong)i, "101x2x0", 1000);
                Assert.True(LogFlushClock.FlushAll(TimeSpan.FromSeconds(30)));
                var lines = ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(i, lines.Length);
                Assert.Contains($"\"HtlcId\":{i}", lines[^1], StringComparison.Ordinal);
            }
        }
        finally
        {
            set.Serilog.Dispose();
        }
    }

    /// <summary>The file as it is now, read beside the sink that still writes it.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
