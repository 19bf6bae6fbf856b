using System.Globalization;
using System.Text;
using LnRelay.Node.Logging;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Json;

namespace LnRelay.Node.Tests;

/// <summary>
/// The node's log lines are read by the knowledge report and the linkability audit, so the fast
/// formatter must write exactly what Serilog's <c>JsonFormatter(renderMessage: true)</c> writes:
/// every event shape the node logs, through the same Microsoft.Extensions.Logging bridge, is
/// formatted by both and compared character for character; what it does not take, it refuses.
/// </summary>
public sealed class JsonLineFormatterTests
{
    private const string Hash = HopViewSamples.Hash;
    private const string Point = HopViewSamples.Point;

    [Fact]
    public void EveryHopView_IsWrittenAsSerilogWritesIt()
    {
        var events = Capture(log =>
        {
            HopViewSamples.LogEach(log, withIntroduction: false);
        });

        AssertSameAsSerilog(events, expectTaken: true);
    }

    [Fact]
    public void OtherEvents_WithAwkwardValues_AreWrittenAsSerilogWritesThem()
    {
        var events = Capture(log =>
        {
            log.LogInformation(NodeLogEvents.HtlcForwarded, "Forwarded {PaymentHash} HTLC {HtlcId} on {Scid} as HTLC {OutHtlcId} on {OutScid}", Hash, 0UL, "101x2x0", 7UL, "101x3x0");
            log.LogWarning(NodeLogEvents.PeerProtocolViolation, "Protocol violation by {Peer}: {Violation}", "n\"2", "quote \" backslash \\ newline \n tab \t bell \u0007 done");
            log.LogInformation("Non-ASCII {Name} and {Empty} and {Null}", "ünïcødé ✓ \u2028 😀", "", null);
            log.LogInformation("Numbers {A} {B} {C} {D} {E} {F}", -1, int.MinValue, long.MaxValue, (short)-3, (byte)255, (sbyte)-8);
            log.LogInformation("Booleans {Yes} {No}", true, false);
#pragma warning disable CA2017 // On purpose: a hole with no value is rendered as the hole's own text.
            log.LogInformation("A hole with no value: {Missing} {Present}", "only one");
#pragma warning restore CA2017
            log.LogInformation("No holes at all, \"quoted\" and {{escaped braces}}");
            log.LogError("An error {Code}", 42);
        });

        AssertSameAsSerilog(events, expectTaken: true);
    }

    [Fact]
    public void InsideAnActivity_TheTraceAndSpanIdsAreWrittenAsSerilogWritesThem()
    {
        using var activity = new System.Diagnostics.Activity("pay").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();
        var events = Capture(log => HopViewLog.Final(log, Hash, "n4", "101x4x0", 10000, 18));

        Assert.NotNull(events.Single().TraceId);
        AssertSameAsSerilog(events, expectTaken: true);
    }

    [Fact]
    public void WhatItDoesNotTake_ItRefusesWithoutWritingAnything()
    {
        var events = Capture(log =>
        {
            log.LogInformation("A format {Amount:0.00} and {When}", 1.5m, DateTimeOffset.UnixEpoch);
            log.LogInformation("An alignment {Name,10}", "x");
            log.LogInformation("A double {Ratio} and a date {When}", 0.5, DateTimeOffset.UnixEpoch);
            log.LogInformation("A sequence {List}", new[] { 1, 2, 3 });
            log.LogError(new InvalidOperationException("boom"), "With an exception {Code}", 1);
        });

        var formatter = new JsonLineFormatter();
        foreach (var logEvent in events)
        {
            var output = new StringBuilder("kept");
            Assert.False(formatter.TryFormat(logEvent, output), logEvent.MessageTemplate.Text);
            Assert.Equal("kept", output.ToString());
        }
    }

    [Fact]
    public void TheNodesSink_WritesTheSameFileAsSerilogsFormatter()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lnrelay-lines-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var events = Capture(log =>
            {
                HopViewLog.Relay(log, Hash, "n2", "101x2x0", 12002, 207, "n4", "101x3x0", 11001, 167);
                log.LogInformation("A format {Amount:0.00}", 1.5m);
                log.LogError(new InvalidOperationException("boom"), "With an exception {Code}", 1);
                HopViewLog.Final(log, Hash, "n4", "101x4x0", 10000, 18);
            });
            var fast = Path.Combine(dir, "fast.jsonl");
            var slow = Path.Combine(dir, "slow.jsonl");
            using (var sink = new BackgroundFileSink(fast, "n3"))
            using (var reference = new BackgroundFileSink(slow, new JsonFormatter(renderMessage: true)))
            {
                foreach (var logEvent in events)
                {
                    sink.Emit(logEvent);
                    reference.Emit(logEvent);
                }
            }

            Assert.Equal(4, File.ReadAllLines(slow).Length);
            Assert.Equal(File.ReadAllText(slow), File.ReadAllText(fast));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertSameAsSerilog(IReadOnlyList<LogEvent> events, bool expectTaken)
    {
        Assert.NotEmpty(events);
        var formatter = new JsonLineFormatter();
        var reference = new JsonFormatter(renderMessage: true);
        foreach (var logEvent in events)
        {
            var expected = new StringWriter(CultureInfo.InvariantCulture);
            reference.Format(logEvent, expected);
            var output = new StringBuilder();
            Assert.Equal(expectTaken, formatter.TryFormat(logEvent, output));
            Assert.Equal(expected.ToString(), output.ToString());
        }
    }

    /// <summary>The events <paramref name="log"/> produces through the bridge the node uses (SerilogLoggerFactory, the node's enrichment).</summary>
    private static List<LogEvent> Capture(Action<Microsoft.Extensions.Logging.ILogger> log)
    {
        var sink = new Collect();
        using var serilog = new LoggerConfiguration().MinimumLevel.Information().Enrich.WithProperty(LogFields.Node, "n3").WriteTo.Sink(sink).CreateLogger();
        using var factory = new SerilogLoggerFactory(serilog, dispose: false);
        log(factory.CreateLogger("LnRelay.Node.Switch"));
        return sink.Events;
    }

    private sealed class Collect : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
