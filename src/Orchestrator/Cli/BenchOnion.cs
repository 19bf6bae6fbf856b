using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay bench onion</c>: each operation is warmed up, then timed in batches; the
/// figure is the median batch's time per operation (robust to a shared, noisy machine).
/// The floor (<see cref="BenchNativeFloor"/>) is measured the same way in the same run.
/// </summary>
internal static class BenchOnion
{
    private const int Samples = 31;
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan BatchTarget = TimeSpan.FromMilliseconds(4);

    public static int Run(bool json)
    {
        var setup = BenchOnionSetup.Create();
        var peelBuffer = new byte[OnionPeeler.BufferSize];
        var failureMessage = FailureMessage.Create(FailureCode.TemporaryNodeFailure);

        var peel = Measure(() => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, peelBuffer, parsePayload: false));
        var peelParsed = Measure(() => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, peelBuffer));
        var build5 = Measure(() => OnionBuilder.TryCreateWithSessionKey(setup.SessionKey, setup.Route5, setup.AssociatedData, out _, out _));
        var build20 = Measure(() => OnionBuilder.TryCreateWithSessionKey(setup.SessionKey, setup.Route20, setup.AssociatedData, out _, out _));
        var fail = Measure(() => FailurePacket.Create(setup.Secrets5[^1], failureMessage));
        var wrap = Measure(() => FailurePacket.Wrap(setup.Secrets5[0], setup.ReturnPacket));
        var decode = Measure(() => FailurePacketDecoder.TryDecode(setup.ReturnPacket, setup.Secrets5, out _, out _));
        var allocBuffer = AllocatedPerCall(() => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, peelBuffer, parsePayload: false));
        var allocConvenient = AllocatedPerCall(() => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5));

        var report = new List<string>
        {
            Line("peel (caller buffer, payload not parsed)", peel),
            Line("peel (payload parsed)", peelParsed),
            Line("build, 5 hops", build5),
            Line("build, 20 hops", build20),
            Line("fail (create, 256-byte pad)", fail),
            Line("wrap", wrap),
            Line("decode-failure (5 hops, 27 rounds)", decode),
            string.Create(CultureInfo.InvariantCulture, $"bytes allocated per peel: {allocBuffer} with a caller buffer, {allocConvenient} allocating its own"),
        };

        var result = new JsonObject
        {
            ["peel_us"] = Round(peel),
            ["build5_us"] = Round(build5),
            ["build20_us"] = Round(build20),
            ["fail_us"] = Round(fail),
            ["wrap_us"] = Round(wrap),
            ["decode_failure_us"] = Round(decode),
            ["peel_alloc_bytes"] = allocBuffer,
        };

        MeasureFloor(setup, peel, build5, build20, report, result);
        foreach (var line in report)
        {
            Console.Out.WriteLine(line);
        }

        if (json)
        {
            JsonOutput.WriteLine(result);
        }

        return ExitCodes.Success;
    }

    private static void MeasureFloor(BenchOnionSetup setup, double peel, double build5, double build20, List<string> report, JsonObject result)
    {
        using var floor = BenchNativeFloor.TryCreate(setup.FirstHopEphemeral, out var unavailable);
        if (floor is null)
        {
            report.Add($"floor: not measured ({unavailable})");
            return;
        }

        var ecdh = Measure(floor.Ecdh);
        var tweak = Measure(floor.PublicKeyTweak);
        var create = Measure(floor.PublicKeyCreate);
        var secretTweak = Measure(floor.SecretTweak);
        var hmac = Measure(floor.Hmac1332);
        var chacha = Measure(floor.ChaCha2600);

        // A peel: one ECDH, one point tweak (next ephemeral key), one HMAC over 1332 bytes, 2600 bytes of stream.
        var peelFloor = ecdh + tweak + hmac + chacha;

        // A build, per hop: E_i = e_i·G, one ECDH, one scalar tweak, one HMAC over 1332 bytes, and up to
        // 2600 bytes of stream (1300 for the layer, up to 1300 for the filler); plus the 1300-byte pad stream.
        var perHop = create + ecdh + secretTweak + hmac + chacha;
        var build5Floor = (5 * perHop) + (chacha / 2);
        var build20Floor = (20 * perHop) + (chacha / 2);

        report.Add(string.Create(CultureInfo.InvariantCulture, $"floor calls: ecdh {ecdh:F2} us, pubkey tweak {tweak:F2} us, pubkey create {create:F2} us, seckey tweak {secretTweak:F2} us, hmac(1332) {hmac:F2} us, chacha20(2600) {chacha:F2} us"));
        report.Add(Ratio("peel", peel, peelFloor));
        report.Add(Ratio("build, 5 hops", build5, build5Floor));
        report.Add(Ratio("build, 20 hops", build20, build20Floor));
        result["peel_floor_us"] = Round(peelFloor);
        result["build5_floor_us"] = Round(build5Floor);
        result["build20_floor_us"] = Round(build20Floor);
        result["peel_ratio"] = Math.Round(peel / peelFloor, 3);
        result["build5_ratio"] = Math.Round(build5 / build5Floor, 3);
        result["build20_ratio"] = Math.Round(build20 / build20Floor, 3);
    }

    /// <summary>Median microseconds per call over <see cref="Samples"/> batches, after a warm-up.</summary>
    private static double Measure(Action operation)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed < WarmUp)
        {
            operation();
            calls++;
        }

        var batch = Math.Max(1, (int)(calls * (BatchTarget / WarmUp)));
        var perCall = new double[Samples];
        for (var s = 0; s < Samples; s++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < batch; i++)
            {
                operation();
            }

            perCall[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / batch;
        }

        Array.Sort(perCall);
        return perCall[Samples / 2];
    }

    private static long AllocatedPerCall(Action operation)
    {
        const int calls = 100;
        operation();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            operation();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
    }

    private static double Round(double microseconds) => Math.Round(microseconds, 2);

    private static string Line(string name, double microseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-42} {microseconds,10:F2} us");

    private static string Ratio(string name, double measured, double floor) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-16} {measured,10:F2} us vs floor {floor,10:F2} us: {measured / floor:F3}x");
}
