using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Bench;

/// <summary>The summary of <c>bench network</c> for people (a table and a few lines) and, with --json, one JSON object for tools.</summary>
internal static class BenchNetworkReport
{
    public static void Write(BenchNetworkResult r, TextWriter output)
    {
        var o = r.Options;
        var shape = o.IsLine
            ? $"{r.Topology.Nodes.Count}-node line, {r.Topology.Nodes[0]} to {r.Topology.Nodes[^1]} ({r.Topology.Nodes.Count - 1} hops)"
            : $"random connected graph of {r.Topology.Nodes.Count} nodes and {r.Topology.Channels.Count} channels (seed {o.Seed}), random payer and payee";
        output.WriteLine();
        output.WriteLine(Text($"lnrelay bench network ({r.StoreName}{(r.SyncName is { } sync ? Text($", sync {sync}") : "")}{(r.Lock == "point" ? ", point locks" : "")}{(r.Parts > 1 ? Text($", {r.Parts} parts per payment") : "")}): {shape}; {o.Payments:N0} payments of {BenchNetworkOptions.AmountMsat:N0} msat per phase, {o.Concurrency} in flight when running flat out"));
        output.WriteLine($"payments driven {r.Driver}");
        if (r.Sharded is { } sharded)
        {
            BenchShardsReport.Write(sharded, output);
        }

        output.WriteLine(Text($"start-up: {string.Join("; ", r.Steps)}"));
        output.WriteLine(Text($"machine: {r.Ceiling.Cores} cores ({r.CpuModel ?? "processor unknown"}), .NET {Environment.Version}; load average {r.LoadAtStart ?? "unknown"} at the start, {r.LoadAtEnd ?? "unknown"} at the end"));
        output.WriteLine();

        var table = new TextTable("phase", "payments", "payments/s", "p50 ms", "p95 ms", "p99 ms", "CPU ms/payment", "fsyncs/payment", "mean hops", "failures");
        var warmUps = r.PacedWarmUps.Prepend(r.WarmUp).ToList();
        foreach (var (phase, index) in warmUps.Concat(r.Phases).Select((p, i) => (p, i - warmUps.Count)))
        {
            var name = phase.TargetRate is { } rate ? Text($"{phase.Name} (paced at {rate:N1}/s)") : phase.Name;
            table.Add(
                name,
                Text($"{phase.Payments:N0}"),
                Text($"{phase.PaymentsPerSecond:N1}"),
                Text($"{phase.PercentileMs(50):N2}"),
                Text($"{phase.PercentileMs(95):N2}"),
                Text($"{phase.PercentileMs(99):N2}"),
                Text($"{phase.CpuSecondsPerPayment * 1000:N2}"),
                index < 0 ? "" : Text($"{r.FsyncsPerPayment(index):N2}"),
                Text($"{phase.MeanHops:N2}"),
                Text($"{phase.Failures:N0}"));
        }

        table.Write(output);
        foreach (var phase in r.Phases)
        {
            var paced = phase.TargetRate is null ? "" : Text($"; started late by p50 {PhaseResult.Percentile(phase.LateStartsMs, 50):N2} ms, p99 {PhaseResult.Percentile(phase.LateStartsMs, 99):N2} ms (the pacing loop's own delay, included in its latency)");
            // The machine's idle time is sampled at each timer tick, which a paced loop waking on
            // the tick defeats: other processes' share is only shown for flat-out phases.
            var ours = phase.OurShare(r.Ceiling.Cores);
            var share = phase.TargetRate is null && phase.IdleShare is { } idle
                ? Text($"; this process used {ours:P0} of the machine's CPU time, other processes {Math.Max(0, 1 - ours - idle):P0}, idle {idle:P0}")
                : Text($"; this process used {ours:P0} of the machine's CPU time");
            // A sharded run's payments allocate in the children, which report no allocation: only this process's is known.
            var allocated = r.Sharded is null ? Text($", {phase.AllocatedBytesPerPayment:N0} bytes allocated per payment") : "";
            var switches = phase.ContextSwitchesPerPayment is { } cs ? Text($", {cs:N1} context switches") : "";
            var handoffs = r.Sharded is null ? Text($"; per payment {phase.WorkItemsPerPayment:N1} thread-pool work items{switches}") : "";
            var jit = r.Sharded is null ? Text($"; JIT {phase.JitMethods:N0} methods compiled, {phase.JitTime.TotalMilliseconds:N0} ms ({phase.JitMicrosecondsPerPayment:N1} us per payment)") : "";
            output.WriteLine(Text($"{phase.Name}: garbage collections gen0/gen1/gen2 {string.Join('/', phase.GcCollections)}, paused {phase.GcPause.TotalMilliseconds:N0} ms in all{allocated}{share}{handoffs}{jit}{paced}"));
        }

        output.WriteLine();
        var c = r.Ceiling;
        output.WriteLine(Text(
            $"cryptographic ceiling (timed in this run): one build {c.BuildPerHopUs:N1} us/hop + one peel {c.PeelUs:N1} us per hop, x {r.Hops:N2} hops = {c.PaymentUs(r.Hops):N1} us of onion work per payment; x {c.Cores} cores = {r.CeilingPaymentsPerSecond:N0} payments/s"));
        output.WriteLine(Text($"{r.Main.Name} rate / ceiling: {r.Main.PaymentsPerSecond:N0} / {r.CeilingPaymentsPerSecond:N0} = {r.Ratio:N3}"));
        output.WriteLine(Text(
            $"CPU-bound rate ({c.Cores} cores / {r.Main.CpuSecondsPerPayment * 1000:N3} ms of CPU per payment, what the {r.Main.Name} phase would reach with the machine to itself): {r.Main.CpuBoundPaymentsPerSecond(c.Cores):N0} payments/s, {r.CpuBoundRatio:N3} of the ceiling"));
        output.WriteLine();
        output.WriteLine(Text(
            $"memory (resident): {r.BaselineMb:N0} MB before the nodes, {r.StartedMb:N0} MB with {r.Topology.Nodes.Count} nodes connected ({r.IdleMemoryPerNodeMb:N1} MB per node idle), peak {r.PeakMb:N0} MB ({r.MemoryPerNodeMb:N1} MB per node)"));
        output.WriteLine(Text(
            $"memory held per node after a full collection: {r.HeldIdlePerNodeMb:N3} MB connected and idle, {r.HeldPerNodeMb:N3} MB after the payments ({r.HeapBaselineMb:N1} MB held before the nodes started)"));
        var measured = r.Phases.Sum(p => p.Payments);
        var afterPhases = string.Join(", ", r.Phases.Select((p, i) => Text($"{r.HeapAfterPhasesMb[i]:N1} MB after {p.Name}")));
        output.WriteLine(Text(
            $"memory held after a full collection: {r.HeapStartMb:N1} MB before the measured payments, {afterPhases} ({measured:N0} payments); resident {r.ResidentStartMb:N0} MB then {r.ResidentEndMb:N0} MB"));
        output.WriteLine(Text(
            $"memory growth over the {r.Phases[^1].Name} phase: {r.LastPhaseGrowthBytesPerPayment:N1} bytes per payment held ({(r.Options.BlockEvery == 0 ? "the chain stood still" : $"a block every {r.Options.BlockEvery:N0} payments, {r.Blocks:N0} blocks")}; {r.ReplayLogEntries:N0} onions in the replay logs at the end)"));
        output.WriteLine(r.Failures == 0
            ? Text($"failures: none ({r.ExpectedFailures:N0} payments to unknown hashes failed as asked)")
            : Text($"failures: {r.Failures:N0} unexpected; the first: {r.FirstFailure}"));
    }

    /// <summary>Durable beside in-memory, measured in one run with the same plan: what the store costs (docs/store.md).</summary>
    public static void WriteComparison(BenchNetworkResult inMemory, BenchNetworkResult durable, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("durable against in-memory (same plan, same machine, one after the other):");
        var table = new TextTable("phase", "in-memory payments/s", "durable payments/s", "durable / in-memory", "in-memory p50/p99 ms", "durable p50/p99 ms", "durable fsyncs/payment");
        for (var i = 0; i < Math.Min(inMemory.Phases.Count, durable.Phases.Count); i++)
        {
            var (m, d) = (inMemory.Phases[i], durable.Phases[i]);
            table.Add(
                d.TargetRate is { } rate ? Text($"{d.Name} (durable paced at {rate:N1}/s)") : d.Name,
                Text($"{m.PaymentsPerSecond:N1}"),
                Text($"{d.PaymentsPerSecond:N1}"),
                Text($"{d.PaymentsPerSecond / m.PaymentsPerSecond:N2}"),
                Text($"{m.PercentileMs(50):N2} / {m.PercentileMs(99):N2}"),
                Text($"{d.PercentileMs(50):N2} / {d.PercentileMs(99):N2}"),
                Text($"{durable.FsyncsPerPayment(i):N2}"));
        }

        table.Write(output);
    }

    /// <summary>The JSON line: rates per second, times in milliseconds or microseconds, memory in MB (2^20 bytes). With <paramref name="inMemory"/>, that run's figures under "in_memory".</summary>
    public static JsonObject Json(BenchNetworkResult r, BenchNetworkResult? inMemory = null)
    {
        var json = Figures(r);
        if (inMemory is not null)
        {
            json["in_memory"] = Figures(inMemory);
            json["durable_over_in_memory"] = Round(r.Main.PaymentsPerSecond / inMemory.Main.PaymentsPerSecond, 3);
        }

        return json;
    }

    private static JsonObject Figures(BenchNetworkResult r)
    {
        var main = r.Main;
        var json = new JsonObject
        {
            ["store"] = r.StoreName,
            ["sync"] = r.SyncName,
            ["fsyncs_per_payment"] = Round(r.FsyncsPerPayment(0), 3),
            ["nodes"] = r.Topology.Nodes.Count,
            ["channels"] = r.Topology.Channels.Count,
            ["topology"] = r.Options.IsLine ? "line" : "random",
            ["driver"] = r.Sharded is not null ? "shards" : r.Options.ViaApi ? "api" : "direct",
            ["payments"] = main.Payments,
            ["warm_up_payments"] = r.WarmUp.Payments,
            ["paced_warm_up_payments"] = r.PacedWarmUps.Sum(p => p.Payments),
            ["concurrency"] = r.Options.Concurrency,
            ["phase"] = main.Name,
            ["payments_per_s"] = Round(main.PaymentsPerSecond, 1),
            ["p50_ms"] = Round(main.PercentileMs(50), 2),
            ["p95_ms"] = Round(main.PercentileMs(95), 2),
            ["p99_ms"] = Round(main.PercentileMs(99), 2),
            ["cpu_s_per_payment"] = Round(main.CpuSecondsPerPayment, 6),
            ["gc_pause_ms"] = Round(main.GcPause.TotalMilliseconds, 1),
            ["gc_collections"] = GcCollections(main),
            ["alloc_bytes_per_payment"] = AllocatedPerPayment(r, main),
            ["work_items_per_payment"] = r.Sharded is null ? Round(main.WorkItemsPerPayment, 2) : null,
            ["jit_us_per_payment"] = r.Sharded is null ? Round(main.JitMicrosecondsPerPayment, 1) : null,
            ["context_switches_per_payment"] = r.Sharded is null && main.ContextSwitchesPerPayment is { } cs ? Round(cs, 2) : null,
            ["hops"] = Round(r.Hops, 2),
            ["build_us_per_hop"] = Round(r.Ceiling.BuildPerHopUs, 2),
            ["peel_us"] = Round(r.Ceiling.PeelUs, 2),
            ["cores"] = r.Ceiling.Cores,
            ["ceiling_payments_per_s"] = Round(r.CeilingPaymentsPerSecond, 1),
            ["ratio"] = Round(r.Ratio, 3),
            ["cpu_bound_payments_per_s"] = Round(main.CpuBoundPaymentsPerSecond(r.Ceiling.Cores), 1),
            ["cpu_bound_ratio"] = Round(r.CpuBoundRatio, 3),
            ["cpu_share"] = Round(main.OurShare(r.Ceiling.Cores), 3),
            ["idle_share"] = main.IdleShare is { } idle ? Round(idle, 3) : null,
            ["baseline_mb"] = Round(r.BaselineMb, 1),
            ["peak_mb"] = Round(r.PeakMb, 1),
            ["mem_per_node_mb"] = Round(r.MemoryPerNodeMb, 2),
            ["idle_mem_per_node_mb"] = Round(r.IdleMemoryPerNodeMb, 2),
            ["heap_start_mb"] = Round(r.HeapStartMb, 2),
            ["heap_baseline_mb"] = Round(r.HeapBaselineMb, 2),
            ["held_idle_per_node_mb"] = Round(r.HeldIdlePerNodeMb, 3),
            ["held_per_node_mb"] = Round(r.HeldPerNodeMb, 3),
            ["startup_steps"] = new JsonArray([.. r.Steps.Select(s => (JsonNode)new JsonObject { ["step"] = s.Name, ["seconds"] = Round(s.Elapsed.TotalSeconds, 2), ["rss_delta_mb"] = Round(s.ResidentDeltaMb, 1) })]),
            ["heap_end_mb"] = Round(r.HeapEndMb, 2),
            ["heap_growth_bytes_per_payment"] = Round(r.LastPhaseGrowthBytesPerPayment, 1),
            ["blocks"] = r.Blocks,
            ["replay_log_entries"] = r.ReplayLogEntries,
            ["rss_start_mb"] = Round(r.ResidentStartMb, 1),
            ["rss_end_mb"] = Round(r.ResidentEndMb, 1),
            ["failures"] = r.Failures,
            ["expected_failures"] = r.ExpectedFailures,
            ["cpu_model"] = r.CpuModel,
            ["load_average_start"] = r.LoadAtStart,
            ["load_average_end"] = r.LoadAtEnd,
            ["processes"] = r.Sharded?.Plan.Processes ?? 1,
        };
        if (r.Sharded is { } sharded)
        {
            json["shards"] = BenchShardsReport.Json(sharded);
        }

        if (r.Phases.Count > 1)
        {
            var half = r.Phases[1];
            json["half_rate_target_per_s"] = Round(half.TargetRate ?? 0, 1);
            json["half_rate_payments_per_s"] = Round(half.PaymentsPerSecond, 1);
            json["half_rate_p50_ms"] = Round(half.PercentileMs(50), 2);
            json["half_rate_p95_ms"] = Round(half.PercentileMs(95), 2);
            json["half_rate_p99_ms"] = Round(half.PercentileMs(99), 2);
            json["half_rate_cpu_s_per_payment"] = Round(half.CpuSecondsPerPayment, 6);
            json["half_rate_start_late_p99_ms"] = Round(PhaseResult.Percentile(half.LateStartsMs, 99), 2);
            json["half_rate_fsyncs_per_payment"] = Round(r.FsyncsPerPayment(1), 3);
            json["half_rate_gc_pause_ms"] = Round(half.GcPause.TotalMilliseconds, 1);
            json["half_rate_gc_collections"] = GcCollections(half);
            json["half_rate_alloc_bytes_per_payment"] = AllocatedPerPayment(r, half);
        }

        return json;
    }

    private static double Round(double value, int digits) => Math.Round(value, digits);

    /// <summary>Null for a sharded run: its payments allocate in the children, which do not report it.</summary>
    private static double? AllocatedPerPayment(BenchNetworkResult r, PhaseResult phase) => r.Sharded is null ? Round(phase.AllocatedBytesPerPayment, 0) : null;

    private static JsonArray GcCollections(PhaseResult phase) => [.. phase.GcCollections.Select(c => (JsonNode)c)];

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
