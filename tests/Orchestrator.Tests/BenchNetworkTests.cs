using System.Text.Json;
using LnRelay.Orchestrator.Cli;

namespace LnRelay.Orchestrator.Tests;

/// <summary>
/// <c>lnrelay bench network</c> end to end on small real networks in this process: every
/// payment arrives, the JSON line holds every documented field with consistent values,
/// and pacing and bad options behave. Speeds are not asserted (docs/performance.md holds them).
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class BenchNetworkTests
{
    private static readonly string[] Fields =
    [
        "nodes", "channels", "topology", "driver", "payments", "concurrency", "payments_per_s", "p50_ms", "p95_ms", "p99_ms",
        "cpu_s_per_payment", "hops", "build_us_per_hop", "peel_us", "cores", "ceiling_payments_per_s", "ratio", "baseline_mb",
        "peak_mb", "mem_per_node_mb", "idle_mem_per_node_mb", "heap_start_mb", "heap_end_mb", "rss_start_mb", "rss_end_mb",
        "failures", "expected_failures", "cpu_bound_payments_per_s", "cpu_bound_ratio", "cpu_share", "gc_pause_ms",
        "warm_up_payments", "heap_growth_bytes_per_payment", "blocks", "replay_log_entries", "alloc_bytes_per_payment", "gc_collections",
        "work_items_per_payment", "context_switches_per_payment", "jit_us_per_payment",
    ];

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await LnRelayCli.RunAsync(args, error);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    private static JsonElement LastLineJson(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var document = JsonDocument.Parse(lines[^1]);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task FiveNodeLine_FiftyPayments_NoFailureAndEveryFieldConsistent()
    {
        var (code, output, error) = await Run("bench", "network", "--payments", "50", "--concurrency", "4", "--rate", "max", "--json");

        Assert.True(code == 0, error + output);
        var json = LastLineJson(output);
        foreach (var field in Fields)
        {
            Assert.True(json.TryGetProperty(field, out _), $"the JSON line lacks {field}: {json}");
        }

        Assert.Equal(5, json.GetProperty("nodes").GetInt32());
        Assert.Equal("line", json.GetProperty("topology").GetString());
        Assert.Equal("direct", json.GetProperty("driver").GetString());
        Assert.Equal(50, json.GetProperty("payments").GetInt32());
        Assert.Equal(0, json.GetProperty("failures").GetInt32());
        Assert.Equal(4.0, json.GetProperty("hops").GetDouble());

        var p50 = json.GetProperty("p50_ms").GetDouble();
        var p95 = json.GetProperty("p95_ms").GetDouble();
        var p99 = json.GetProperty("p99_ms").GetDouble();
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"percentiles out of order: {p50} {p95} {p99}");

        var rate = json.GetProperty("payments_per_s").GetDouble();
        var ceiling = json.GetProperty("ceiling_payments_per_s").GetDouble();
        Assert.True(rate > 0 && ceiling > 0);
        Assert.InRange(json.GetProperty("ratio").GetDouble() - (rate / ceiling), -0.01, 0.01);

        // The ceiling is the onion work of one payment (one build, one peel per hop) over every core.
        var perPaymentUs = json.GetProperty("hops").GetDouble() * (json.GetProperty("build_us_per_hop").GetDouble() + json.GetProperty("peel_us").GetDouble());
        // The printed fields are rounded, so they agree to a fraction of a percent, not to the unit.
        Assert.InRange(ceiling / (json.GetProperty("cores").GetInt32() * 1_000_000 / perPaymentUs), 0.995, 1.005);

        // Before the payments, the nodes' chain polling is warmed (ChainPollWarmUp), so its tier-ups do not land in a measured phase.
        var steps = json.GetProperty("startup_steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()).ToList();
        Assert.Contains("warm the chain polls", steps);
        Assert.True(steps.IndexOf("warm the chain polls") > steps.IndexOf("connect every channel's peers"), string.Join(", ", steps));

        Assert.True(json.GetProperty("cpu_s_per_payment").GetDouble() > 0);
        var cpuBound = json.GetProperty("cores").GetInt32() / json.GetProperty("cpu_s_per_payment").GetDouble();
        Assert.InRange(json.GetProperty("cpu_bound_payments_per_s").GetDouble() / cpuBound, 0.99, 1.01);
        Assert.True(json.GetProperty("mem_per_node_mb").GetDouble() > 0);
        Assert.True(json.GetProperty("peak_mb").GetDouble() >= json.GetProperty("baseline_mb").GetDouble());
        // A payment builds and peels onions and sends messages: it allocates something, and far less than a megabyte.
        Assert.InRange(json.GetProperty("alloc_bytes_per_payment").GetDouble(), 1, 1 << 20);
        Assert.Equal(3, json.GetProperty("gc_collections").GetArrayLength());
        // Every payment's messages are handled by the thread pool, and some thread waits at least once per run.
        Assert.True(json.GetProperty("work_items_per_payment").GetDouble() > 0, json.ToString());
        if (OperatingSystem.IsLinux())
        {
            // getrusage counts them; elsewhere the field is null.
            Assert.True(json.GetProperty("context_switches_per_payment").GetDouble() > 0, json.ToString());
        }
        // The JIT time of the phase is counted (in a short run, the first tier-1 compilations), never negative.
        Assert.True(json.GetProperty("jit_us_per_payment").GetDouble() >= 0, json.ToString());
        Assert.False(json.TryGetProperty("half_rate_p99_ms", out _), "--rate max runs one phase");
        Assert.Contains("cryptographic ceiling", output, StringComparison.Ordinal);
        Assert.Contains("bytes allocated per payment", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_SecondPhaseIsPacedAtHalfTheFirstAndNeverRunsAheadOfItsSchedule()
    {
        const int Payments = 40;
        var (code, output, error) = await Run("bench", "network", "--payments", Payments.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", "8", "--json");

        Assert.True(code == 0, error + output);
        var json = LastLineJson(output);
        var target = json.GetProperty("half_rate_target_per_s").GetDouble();
        Assert.InRange(target / (json.GetProperty("payments_per_s").GetDouble() / 2), 0.99, 1.01);

        // Payment i starts at i / rate: the last starts at (n - 1) / rate, so n payments cannot finish faster than that.
        var fastestPossible = target * Payments / (Payments - 1);
        Assert.True(json.GetProperty("half_rate_payments_per_s").GetDouble() <= (fastestPossible * 1.01) + 0.1, json.ToString());
        Assert.True(json.GetProperty("half_rate_p99_ms").GetDouble() >= json.GetProperty("half_rate_p50_ms").GetDouble());
        Assert.True(json.GetProperty("half_rate_alloc_bytes_per_payment").GetDouble() > 0, json.ToString());
        Assert.True(json.GetProperty("half_rate_gc_pause_ms").GetDouble() >= 0, json.ToString());
        Assert.Equal(3, json.GetProperty("half_rate_gc_collections").GetArrayLength());
        Assert.Contains("half rate (paced at", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RandomGraph_WithFailuresAskedFor_CountsThemApartAndExitsZero()
    {
        var (code, output, error) = await Run("bench", "network", "--nodes", "8", "--payments", "40", "--concurrency", "4", "--rate", "max", "--fail-percent", "50", "--seed", "7", "--json");

        Assert.True(code == 0, error + output);
        var json = LastLineJson(output);
        Assert.Equal(8, json.GetProperty("nodes").GetInt32());
        Assert.Equal("random", json.GetProperty("topology").GetString());
        Assert.Equal(0, json.GetProperty("failures").GetInt32());
        Assert.True(json.GetProperty("expected_failures").GetInt32() > 0, json.ToString());
        Assert.True(json.GetProperty("hops").GetDouble() >= 1);
    }

    [Fact]
    public async Task HashAndPointLocks_SideBySide_NoFailureAndTheComparisonIsReported()
    {
        // Point-locked payments to unknown payee points must fail too, counted apart (docs/ptlc.md).
        var (code, output, error) = await Run("bench", "network", "--payments", "20", "--concurrency", "4", "--rate", "max", "--lock", "hash,point", "--fail-percent", "20", "--json");

        Assert.True(code == 0, error + output);
        Assert.Contains("point locks against hash locks", output, StringComparison.Ordinal);
        Assert.Contains("point arithmetic per hop", output, StringComparison.Ordinal);
        var json = LastLineJson(output);
        Assert.Equal("point", json.GetProperty("lock").GetString());
        Assert.Equal(0, json.GetProperty("failures").GetInt32());
        Assert.True(json.GetProperty("expected_failures").GetInt32() > 0);
        Assert.True(json.GetProperty("point_over_hash").GetDouble() > 0);
        Assert.True(json.GetProperty("point_forward_us").GetDouble() > 0);
        Assert.True(json.GetProperty("hash_lock").GetProperty("payments_per_s").GetDouble() > 0);
    }

    [Fact]
    public async Task ViaApi_PaysThroughTheControlApis()
    {
        var (code, output, error) = await Run("bench", "network", "--payments", "20", "--concurrency", "2", "--rate", "max", "--via-api", "--json");

        Assert.True(code == 0, error + output);
        var json = LastLineJson(output);
        Assert.Equal("api", json.GetProperty("driver").GetString());
        Assert.Equal(0, json.GetProperty("failures").GetInt32());
    }

    [Fact]
    public async Task StillChain_EveryNodeOnTheRouteKeepsEveryOnionItPeeled()
    {
        var (code, output, error) = await Run("bench", "network", "--payments", "200", "--concurrency", "8", "--rate", "max", "--block-every", "0", "--json");

        Assert.True(code == 0, error + output);
        var json = LastLineJson(output);
        var payments = json.GetProperty("payments").GetInt32() + json.GetProperty("warm_up_payments").GetInt32();
        Assert.Equal(0, json.GetProperty("blocks").GetInt32());

        // Three relays and the payee each record every onion: nothing is ever forgotten.
        Assert.Equal(4L * payments, json.GetProperty("replay_log_entries").GetInt64());
        Assert.Contains("the chain stood still", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MovingChain_ReplayLogsForgetOnionsWhoseExpiryPassedAndNoPaymentFails()
    {
        // A block every 10 payments, one in flight: a payment sees at most one block on its way,
        // inside the payer's 3 blocks of padding at the payee. With several in flight, one payment
        // stalled on a loaded machine while 30 others end would see 3 blocks and fail
        // final_expiry_too_soon: that is the benchmark's block schedule, not a fault of the nodes.
        var (code, output, error) = await Run("bench", "network", "--payments", "3000", "--concurrency", "1", "--rate", "max", "--block-every", "10", "--json");

        Assert.True(code == 0, error + output);
        var json = LastLineJson(output);
        var payments = json.GetProperty("payments").GetInt32() + json.GetProperty("warm_up_payments").GetInt32();
        Assert.Equal(payments / 10, json.GetProperty("blocks").GetInt32());
        Assert.Equal(0, json.GetProperty("failures").GetInt32());

        // Each hop holds only the onions of the blocks its HTLCs' expiry spans (141 blocks at the
        // first relay, 21 at the payee: about 3,240 onions in all), fewer than half of the 4 per
        // payment it peeled, while the chain standing still keeps them all.
        var held = json.GetProperty("replay_log_entries").GetInt64();
        Assert.True(held < 2L * payments, $"{held} onions held after {payments} payments over 4 hops");
        Assert.True(held > 0);
    }

    [Theory]
    [InlineData("--block-every", "-1", "--block-every")]
    [InlineData("--concurrency", "0", "--concurrency")]
    [InlineData("--concurrency", "1000", "483")]
    [InlineData("--rate", "fast", "--rate")]
    [InlineData("--nodes", "1", "--nodes")]
    [InlineData("--payments", "0", "--payments")]
    [InlineData("--fail-percent", "101", "--fail-percent")]
    [InlineData("--lock", "preimage", "--lock")]
    public async Task BadOption_IsAUsageErrorThatSaysWhatIsAccepted(string option, string value, string expected)
    {
        var (code, _, error) = await Run("bench", "network", option, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_TeachesWithExamples()
    {
        var (code, output, _) = await Run("bench", "network", "--help");

        Assert.Equal(0, code);
        Assert.Contains("cryptographic ceiling", output, StringComparison.Ordinal);
        Assert.Contains("lnrelay bench network --nodes 100", output, StringComparison.Ordinal);
        Assert.Contains("--rate", output, StringComparison.Ordinal);
        Assert.Contains("--block-every", output, StringComparison.Ordinal);
    }
}
