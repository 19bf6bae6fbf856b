using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using LnRelay.Node.Logging;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Tests;

/// <summary>
/// The per-payment events (<see cref="LogTemplate"/>: HopView, the switch's HTLC events, the
/// payer's) go straight to the node's file instead of through the Microsoft.Extensions.Logging →
/// Serilog bridge. The knowledge report and the linkability audit read those lines, so every
/// event is logged both ways, through the node's own logging configuration (<see cref="NodeLogs"/>),
/// and the two files must be the same text but for each line's time. Levels still decide.
/// </summary>
public sealed partial class NodeLineTests : IDisposable
{
    private const string Hash = HopViewSamples.Hash;
    private const string Point = HopViewSamples.Point;
    private const string Switch = "LnRelay.Node.Switch";
    private const string Payer = "LnRelay.Node.Payments.Payer";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lnrelay-lines-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void EveryHotEvent_IsTheSameLineWithOrWithoutTheBridge()
    {
        var lines = BothWays(logs =>
        {
            var log = logs.CreateLogger(Switch);
            HopViewSamples.LogEach(log, withIntroduction: true);
            HtlcLog.Forwarded(log, Hash, 0, "101x2x0", ulong.MaxValue, "101x3x0");
            HtlcLog.Settled(log, Hash, 7, "101x2x0", 12002);
            HtlcLog.Arrived(log, Point, 8, "101x1x0", 13003);
            HtlcLog.Failed(log, Hash, 9, "101x2x0", "temporary_channel_failure", "InsufficientBalance");
            HtlcLog.FailedMalformed(log, Hash, 10, "101x2x0", "invalid_onion_hmac", "UnreadableOnion");
            ChainLog.Height(log, 0);
            ChainLog.Height(log, uint.MaxValue);

            var payer = logs.CreateLogger(Payer);
            PaymentLog.Attempt(payer, 1, Hash, "n1 -> n2 -> n3 -> n4 -> n5 -> blinded (intro n3, 3 hops)", 3003);
            PaymentLog.Succeeded(payer, Hash, "n5", "n1 -> n2 -> n3 -> n4 -> n5", 2, 0);
            PaymentLog.AttemptFailed(payer, 1, Hash, 2, "n3", "temporary_channel_failure", null);
            PaymentLog.AttemptFailed(payer, 2, Hash, 2, null, "unknown_next_peer", null);
            PaymentLog.AttemptFailed(payer, 3, Hash, -1, "n3", "no_route", "NoRoute");
            PaymentLog.Failed(payer, Hash, "n5", "incorrect_or_unknown_payment_details", 4, "n5", 1);
            PaymentLog.Failed(payer, Hash, "n5", "no_route", -1, null, int.MaxValue);
        });

        Assert.Equal(23, lines.Count);
        Assert.All(lines, l => Assert.Contains("\"Node\":\"n3\"}}", l, StringComparison.Ordinal));
    }

    [Fact]
    public void AwkwardValues_AreEscapedAsSerilogEscapesThem()
    {
        BothWays(logs =>
        {
            var log = logs.CreateLogger(Switch);
            HtlcLog.Failed(log, Hash, 1, "101x2x0", "quote \" backslash \\ newline \n tab \t bell \u0007 done", "");
            HtlcLog.Failed(log, "ünïcødé ✓ \u2028 😀", 2, "{not a hole}", "\"", "\\");
            HopViewLog.Origin(log, Hash, "n\"2", "101x1x0", 0, 0, "n\\5", int.MinValue, "a \u0001 b");
        });
    }

    [Fact]
    public void BeforeAndAfterOtherEvents_TheFileKeepsTheOrderTheyWereLoggedIn()
    {
        var lines = BothWays(logs =>
        {
            var log = logs.CreateLogger(Switch);
            for (var i = 0UL; i < 50; i++)
            {
                log.LogInformation(NodeLogEvents.PolicyChanged, "Through the bridge {Index}", i);
                HtlcLog.Settled(log, Hash, i, "101x2x0", 1000);
            }
        });

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal((ulong)(i / 2), JsonDocument.Parse(lines[i]).RootElement.GetProperty("Properties").GetProperty(i % 2 == 0 ? "Index" : "HtlcId").GetUInt64());
        }
    }

    [Fact]
    public void InsideAnActivity_TheLineCarriesItsTraceAndSpanLikeTheBridge()
    {
        using var activity = new Activity("pay").SetIdFormat(ActivityIdFormat.W3C).Start();
        var lines = BothWays(logs => PaymentLog.Attempt(logs.CreateLogger(Payer), 1, Hash, "n1 -> n2", 0));

        var root = JsonDocument.Parse(lines.Single()).RootElement;
        Assert.Equal(activity.TraceId.ToHexString(), root.GetProperty("TraceId").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), root.GetProperty("SpanId").GetString());
    }

    [Fact]
    public void ALevelTheLoggerDoesNotEnable_WritesNothing()
    {
        // The node's configuration logs Warning and above for the framework's categories (docs/logging.md).
        var warning = new LogTemplate(NodeLogEvents.PeerProtocolViolation, "Protocol violation by {Peer}: {Violation}", LogLevel.Warning);
        var lines = BothWays(logs =>
        {
            var framework = logs.CreateLogger("Microsoft.AspNetCore.Something");
            HtlcLog.Settled(framework, Hash, 1, "101x2x0", 1000);
            warning.Write(framework, "n2", "too loud");
            HtlcLog.Settled(logs.CreateLogger(Switch), Hash, 2, "101x2x0", 1000);
        });

        Assert.Equal(2, lines.Count);
        Assert.Contains("\"Level\":\"Warning\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"SourceContext\":\"Microsoft.AspNetCore.Something\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"HtlcId\":2", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ATemplateWithAFormatOrARepeatedHole_IsRefusedWhenDefined()
    {
        Assert.Throws<ArgumentException>(() => new LogTemplate(NodeLogEvents.HopView, "{Amount:0.00}"));
        Assert.Throws<ArgumentException>(() => new LogTemplate(NodeLogEvents.HopView, "{Name,10}"));
        Assert.Throws<ArgumentException>(() => new LogTemplate(NodeLogEvents.HopView, "{Name} {Name}"));
        Assert.Throws<ArgumentException>(() => new LogTemplate(NodeLogEvents.HopView, "{0}"));
        var template = new LogTemplate(NodeLogEvents.HopView, "{A} {B}");
        Assert.Throws<ArgumentException>(() => template.Write(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "only one"));
    }

    [Fact]
    public async Task FromManyThreads_EveryLineIsInTheFileWholeAndInEachThreadsOrder()
    {
        const int Threads = 4;
        const int PerThread = 2_000;
        var path = Path.Combine(_dir, "threads.jsonl");
        var set = NodeLogs.Create("n1", path, console: false, direct: true);
        var log = set.Loggers.CreateLogger(Switch);
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0UL; i < PerThread; i++)
            {
                HtlcLog.Forwarded(log, Hash, i, "101x2x0", (ulong)t, "ünïcødé ✓");
            }
        })));
        set.Serilog.Dispose();

        var lines = File.ReadAllLines(path);
        Assert.Equal(Threads * PerThread, lines.Length);
        var next = new ulong[Threads];
        foreach (var line in lines)
        {
            var properties = JsonDocument.Parse(line).RootElement.GetProperty("Properties");
            var thread = properties.GetProperty("OutHtlcId").GetInt32();
            Assert.Equal(next[thread]++, properties.GetProperty("HtlcId").GetUInt64());
            Assert.Equal("ünïcødé ✓", properties.GetProperty("OutScid").GetString());
        }
    }

    /// <summary>
    /// Runs <paramref name="log"/> against the node's logging through the bridge and then straight
    /// to the file; asserts the two files are the same lines but for the time, and returns them.
    /// </summary>
    private List<string> BothWays(Action<ILoggerFactory> log)
    {
        var bridge = Write(log, direct: false);
        var direct = Write(log, direct: true);
        Assert.Equal(bridge.Count, direct.Count);
        for (var i = 0; i < bridge.Count; i++)
        {
            Assert.Equal(WithoutTime(bridge[i]), WithoutTime(direct[i]));
            Assert.Matches(TimestampPattern(), direct[i]);
        }

        return direct;
    }

    private List<string> Write(Action<ILoggerFactory> log, bool direct)
    {
        var path = Path.Combine(_dir, (direct ? "direct-" : "bridge-") + Guid.NewGuid().ToString("N")[..8] + ".jsonl");
        var set = NodeLogs.Create("n3", path, console: false, direct);
        try
        {
            log(set.Loggers);
        }
        finally
        {
            set.Serilog.Dispose();
        }

        // The whole file, with its line ends: the text must match to the last character.
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(text.Length == 0 || text.EndsWith(Environment.NewLine, StringComparison.Ordinal));
        return [.. text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string WithoutTime(string line) => TimestampPattern().Replace(line, "{\"Timestamp\":\"T\"", 1);

    [GeneratedRegex("^\\{\"Timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}[+-]\\d\\d:\\d\\d\"")]
    private static partial Regex TimestampPattern();
}
