using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// <c>bench network --lock hash,point</c>: the same plan through the same kind of network once
/// with HTLCs and once with lnrelay-experimental point locks (docs/ptlc.md), side by side, with
/// the point arithmetic each hop adds timed on its own (<see cref="PointLockCost"/>).
/// </summary>
internal static class BenchLockComparison
{
    public static void Write(IReadOnlyList<BenchNetworkResult> reports, PointLockCost cost, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("point locks against hash locks (same plan, same machine, one after the other):");
        var table = new TextTable("store", "phase", "hash payments/s", "point payments/s", "point / hash", "hash p50/p99 ms", "point p50/p99 ms", "hash CPU ms/pay", "point CPU ms/pay");
        foreach (var (hash, point) in Pairs(reports))
        {
            for (var i = 0; i < Math.Min(hash.Phases.Count, point.Phases.Count); i++)
            {
                var (h, p) = (hash.Phases[i], point.Phases[i]);
                table.Add(
                    hash.StoreName,
                    p.TargetRate is { } rate ? Text($"{p.Name} (point paced at {rate:N1}/s)") : p.Name,
                    Text($"{h.PaymentsPerSecond:N1}"),
                    Text($"{p.PaymentsPerSecond:N1}"),
                    Text($"{p.PaymentsPerSecond / h.PaymentsPerSecond:N2}"),
                    Text($"{h.PercentileMs(50):N2} / {h.PercentileMs(99):N2}"),
                    Text($"{p.PercentileMs(50):N2} / {p.PercentileMs(99):N2}"),
                    Text($"{h.CpuSecondsPerPayment * 1000:N3}"),
                    Text($"{p.CpuSecondsPerPayment * 1000:N3}"));
            }
        }

        table.Write(output);
        output.WriteLine(Text(
            $"point arithmetic per hop (timed in this run): forward {cost.ForwardUs:N1} us (R = L + y*G), settle {cost.SettleUs:N1} us (s*G check, s - y), {cost.PerRelayUs:N1} us per relay per payment; the payer's plan {cost.PlanPerHopUs:N1} us per hop"));
    }

    /// <summary>The JSON of the last run gains "lock", and the hash run's figures and the point/hash ratio when both ran.</summary>
    public static void AddJson(JsonObject json, IReadOnlyList<BenchNetworkResult> reports, PointLockCost? cost)
    {
        var last = reports[^1];
        json["lock"] = last.Lock;
        if (cost is null || Pairs(reports).LastOrDefault() is not ({ } hash, { } point))
        {
            return;
        }

        json["hash_lock"] = hash.Main.SummaryJson();
        json["point_over_hash"] = Math.Round(point.Main.PaymentsPerSecond / hash.Main.PaymentsPerSecond, 3);
        json["point_forward_us"] = Math.Round(cost.ForwardUs, 2);
        json["point_settle_us"] = Math.Round(cost.SettleUs, 2);
        json["point_plan_us_per_hop"] = Math.Round(cost.PlanPerHopUs, 2);
    }

    /// <summary>(hash, point) results of the same store kind.</summary>
    private static IEnumerable<(BenchNetworkResult Hash, BenchNetworkResult Point)> Pairs(IReadOnlyList<BenchNetworkResult> reports) =>
        reports.Where(r => r.Lock == "hash")
            .Select(h => (h, reports.FirstOrDefault(p => p.Lock == "point" && p.InMemory == h.InMemory && p.Parts == h.Parts)))
            .Where(pair => pair.Item2 is not null)
            .Select(pair => (pair.h, pair.Item2!));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
