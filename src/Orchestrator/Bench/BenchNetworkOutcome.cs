using System.Text.Json.Nodes;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// What <see cref="BenchNetworkRun"/> measured: one result per network it ran (in run order)
/// and, when point locks ran, the point arithmetic's own cost; or why it could not run
/// (<see cref="Refusal"/>, with the fix). 'lnrelay bench network' renders it.
/// </summary>
internal sealed record BenchNetworkOutcome(IReadOnlyList<BenchNetworkResult> Reports, PointLockCost? PointCost, string? Refusal)
{
    public static BenchNetworkOutcome Refused(string why) => new([], null, why);

    /// <summary>It ran and no payment failed unexpectedly.</summary>
    public bool AllPaid => Refusal is null && Reports.All(r => r.Failures == 0);

    /// <summary>Each network's report, then the comparisons the runs allow: durable against in memory, hash against point locks, single- against multi-part.</summary>
    public void Write(TextWriter output)
    {
        foreach (var report in Reports)
        {
            BenchNetworkReport.Write(report, output);
        }

        foreach (var sameLock in Reports.GroupBy(r => (r.Lock, r.Parts)).Where(g => g.Count() > 1))
        {
            BenchNetworkReport.WriteComparison(sameLock.First(), sameLock.Last(), output);
        }

        if (Reports.Select(r => r.Lock).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            BenchLockComparison.Write(Reports, PointCost!, output);
        }

        if (Reports.Select(r => r.Parts).Distinct().Count() > 1)
        {
            BenchPartsComparison.Write(Reports, output);
        }
    }

    /// <summary>The --json line: the last network's figures (beside its in-memory twin when there is one) and the comparisons.</summary>
    public JsonObject Json()
    {
        var last = Reports[^1];
        var json = BenchNetworkReport.Json(last, Reports.FirstOrDefault(r => r.InMemory && !last.InMemory && r.Lock == last.Lock && r.Parts == last.Parts));
        BenchLockComparison.AddJson(json, Reports, PointCost);
        BenchPartsComparison.AddJson(json, Reports);
        return json;
    }
}
