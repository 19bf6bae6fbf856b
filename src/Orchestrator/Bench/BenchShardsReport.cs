using System.Globalization;
using System.Text.Json.Nodes;

namespace LnRelay.Orchestrator.Bench;

/// <summary>The lines and JSON that <c>bench network --processes</c> adds to the report: how the nodes were split, and each child's memory.</summary>
internal static class BenchShardsReport
{
    public static void Write(ShardedRun run, TextWriter output)
    {
        output.WriteLine(Text($"processes: the nodes ran in {ShardPlan.Count(run.Plan.Processes)} ({run.Plan.Reason}); CPU, GC pauses and collections, store commits and memory below are summed over the children, CPU and GC with this process's own"));
        foreach (var (range, i) in run.Plan.Shards.Select((r, i) => (r, i)))
        {
            output.WriteLine(Text($"  shard {i + 1}: nodes {range.First:N0} to {range.First + range.Count - 1:N0} ({range.Count:N0}), pid {run.ProcessIds[i]}, about {range.FilesNeeded:N0} open files, peak resident {run.PeakMb[i]:N0} MB, held at the end {run.HeldMb[i]:N1} MB"));
        }

        output.WriteLine(Text($"  this process (the driver): peak resident {run.ParentPeakMb:N0} MB, not counted per node"));
    }

    public static JsonArray Json(ShardedRun run) =>
        [.. run.Plan.Shards.Select((range, i) => (JsonNode)new JsonObject
        {
            ["first"] = range.First,
            ["nodes"] = range.Count,
            ["files_needed"] = range.FilesNeeded,
            ["peak_mb"] = Math.Round(run.PeakMb[i], 1),
            ["held_end_mb"] = Math.Round(run.HeldMb[i], 2),
        })];

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
