using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// <c>bench network --parts K</c>: the same plan through the same kind of network once with
/// single-part payments and once with every payment split into K parts (docs/mpp.md), side by
/// side: what holding, settling and routing K HTLCs instead of one costs.
/// </summary>
internal static class BenchPartsComparison
{
    public static void Write(IReadOnlyList<BenchNetworkResult> reports, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("multi-part against single-part payments (same plan, same machine, one after the other):");
        var table = new TextTable("store", "lock", "phase", "1-part payments/s", "K-part payments/s", "K", "K-part / 1-part", "1-part p50/p99 ms", "K-part p50/p99 ms", "1-part CPU ms/pay", "K-part CPU ms/pay");
        foreach (var (single, multi) in Pairs(reports))
        {
            for (var i = 0; i < Math.Min(single.Phases.Count, multi.Phases.Count); i++)
            {
                var (s, m) = (single.Phases[i], multi.Phases[i]);
                table.Add(
                    single.StoreName,
                    single.Lock,
                    m.TargetRate is { } rate ? Text($"{m.Name} (K-part paced at {rate:N1}/s)") : m.Name,
                    Text($"{s.PaymentsPerSecond:N1}"),
                    Text($"{m.PaymentsPerSecond:N1}"),
                    Text($"{multi.Parts}"),
                    Text($"{m.PaymentsPerSecond / s.PaymentsPerSecond:N2}"),
                    Text($"{s.PercentileMs(50):N2} / {s.PercentileMs(99):N2}"),
                    Text($"{m.PercentileMs(50):N2} / {m.PercentileMs(99):N2}"),
                    Text($"{s.CpuSecondsPerPayment * 1000:N3}"),
                    Text($"{m.CpuSecondsPerPayment * 1000:N3}"));
            }
        }

        table.Write(output);
    }

    /// <summary>The JSON of the last run (a K-part one) gains "parts", and with both the single-part run's figures and the K-part / 1-part ratio.</summary>
    public static void AddJson(JsonObject json, IReadOnlyList<BenchNetworkResult> reports)
    {
        var last = reports[^1];
        json["parts"] = last.Parts;
        if (Pairs(reports).LastOrDefault() is not ({ } single, { } multi))
        {
            return;
        }

        json["single_part"] = single.Main.SummaryJson();
        json["multi_over_single"] = Math.Round(multi.Main.PaymentsPerSecond / single.Main.PaymentsPerSecond, 3);
    }

    /// <summary>(single-part, K-part) results of the same store kind and lock.</summary>
    private static IEnumerable<(BenchNetworkResult Single, BenchNetworkResult Multi)> Pairs(IReadOnlyList<BenchNetworkResult> reports) =>
        reports.Where(r => r.Parts == 1)
            .Select(s => (s, reports.FirstOrDefault(m => m.Parts > 1 && m.InMemory == s.InMemory && m.Lock == s.Lock)))
            .Where(pair => pair.Item2 is not null)
            .Select(pair => (pair.s, pair.Item2!));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
