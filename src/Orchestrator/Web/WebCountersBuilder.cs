using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// The live counters: payments by outcome, failures by BOLT 4 name, latency percentiles
/// (nearest rank), payments per second and the knowledge audit ("knowledge leaks: 0 over N
/// payments": a hop card whose flags say more than its role allows).
/// </summary>
internal static class WebCountersBuilder
{
    /// <summary>What each role may know, in <see cref="KnowledgeTableWriter.FlagHeaders"/> order: anything more is a leak.</summary>
    private static readonly Dictionary<string, bool[]> Allowed = new(StringComparer.Ordinal)
    {
        [KnowledgeNames.OriginRole] = [true, true, true, true],
        [KnowledgeNames.RelayRole] = [false, false, false, false],
        [KnowledgeNames.FinalRole] = [false, true, false, false],
    };

    public static WebCounters Build(IReadOnlyList<WebPayment> payments, IReadOnlyList<LogEvent> events, TimeSpan? rateWindow)
    {
        var done = payments.Where(p => p.Status != "in_flight").ToList();
        var latencies = done.Where(p => p.TimeMs is not null).Select(p => p.TimeMs!.Value).Order().ToList();
        var failures = payments.Where(p => p.Failure is not null && p.Status == "failed")
            .GroupBy(p => p.Failure!.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var audited = payments.Where(p => p.Parts.Count > 0).ToList();
        var leaks = audited.Count(p => p.Parts.SelectMany(part => part.Hops).Any(Leaks));
        return new WebCounters(
            payments.Count,
            payments.Count(p => p.Status == "succeeded"),
            payments.Count(p => p.Status == "failed"),
            payments.Count(p => p.Status == "in_flight"),
            failures,
            Percentile(latencies, 50),
            Percentile(latencies, 95),
            Rate(payments, events, rateWindow),
            leaks,
            audited.Count);
    }

    private static bool Leaks(WebHop hop) =>
        Allowed.TryGetValue(hop.Role, out var allowed)
        && hop.Flags.Select((f, i) => f.Cell.StartsWith("yes", StringComparison.Ordinal) && !allowed[i]).Any(x => x);

    private static double? Percentile(List<double> sorted, int percent)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>Payments started per second: over the last <paramref name="window"/> before the newest event (live), or over the whole run.</summary>
    private static double Rate(IReadOnlyList<WebPayment> payments, IReadOnlyList<LogEvent> events, TimeSpan? window)
    {
        var starts = payments.Where(p => p.StartedAt is not null).Select(p => p.StartedAt!.Value).ToList();
        var newest = events.Select(e => e.Timestamp).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty().Max();
        if (starts.Count == 0)
        {
            return 0;
        }

        if (window is { } w)
        {
            return Math.Round(starts.Count(s => s > newest - w) / w.TotalSeconds, 2);
        }

        var span = (newest - starts.Min()).TotalSeconds;
        return span <= 0 ? starts.Count : Math.Round(starts.Count / span, 2);
    }
}
