using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Linkability;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Experiment;

/// <summary>Prints an <see cref="ExperimentReport"/>: one row per cell and colluder set (the table docs/privacy.md quotes), or JSON.</summary>
internal static class ExperimentReportWriter
{
    public static void Write(TextWriter output, ExperimentReport report)
    {
        var o = report.Options;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Linkability experiment: seed {o.Seed}, {o.Payments} payments per row between random wallets of the '{ExperimentTopology.Build().Network}' network (docs/privacy.md), amounts {ExperimentOptions.BaseAmountMsat / 1000} sat ± {ExperimentOptions.AmountSpread:P0} in {ExperimentOptions.AmountStepMsat / 1000}-sat steps."));
        output.WriteLine($"Load average: {report.LoadAtStart ?? "?"} at start, {report.LoadAtEnd ?? "?"} at end.");
        output.WriteLine();
        var table = new TextTable("lock", "mitigation", "in flight", "colluders", "linker", "shared", "id prec", "id recall", "heur prec", "heur recall", "heur links", "p50 ms", "p99 ms", "failed");
        foreach (var cell in report.Cells)
        {
            foreach (var audit in cell.Audits)
            {
                var id = audit.Report.Identifier;
                var h = audit.Report.Heuristic;
                table.Add(
                    cell.Lock,
                    cell.Mitigation.Name,
                    N(cell.Load),
                    string.Join("+", audit.Colluders),
                    audit.Linker,
                    N(id.PaymentsShared),
                    LinkabilityWriter.Percent(id.Precision),
                    LinkabilityWriter.Percent(id.Recall),
                    LinkabilityWriter.Percent(h.Precision),
                    LinkabilityWriter.Percent(h.Recall),
                    $"{N(h.Correct)}/{N(h.Claimed)}",
                    Ms(cell.Percentile(0.5)),
                    Ms(cell.Percentile(0.99)),
                    N(cell.Failures));
            }
        }

        table.Write(output, null);
        output.WriteLine();
        output.WriteLine("Mitigations: " + string.Join("; ", report.Cells.Select(c => c.Mitigation).DistinctBy(m => m.Name).Select(m => $"{m.Name} = {m.Describe}")) + ".");
        output.WriteLine("linker = the heuristic's fee and delta ranges: the network's policies, or those widened by the payers' noise range (noise rows are audited both ways);");
        output.WriteLine("shared = payments both colluders saw; prec/recall over pairs of their observations (audit linkability); heur links = correct/claimed;");
        output.WriteLine("p50/p99 = payment latency from the payer's call to its result. Heuristic: " + (report.Cells.Count > 0 && report.Cells[0].Audits.Count > 0 ? report.Cells[0].Audits[0].Report.Parameters : "-") + ".");
    }

    public static void WriteJson(TextWriter output, ExperimentReport report)
    {
        var o = report.Options;
        var rows = new JsonArray();
        foreach (var cell in report.Cells)
        {
            rows.Add(new JsonObject
            {
                ["lock"] = cell.Lock,
                ["mitigation"] = cell.Mitigation.Name,
                ["mitigation_settings"] = cell.Mitigation.Describe,
                ["in_flight"] = cell.Load,
                ["payments"] = cell.Payments,
                ["failed"] = cell.Failures,
                ["latency_p50_ms"] = Math.Round(cell.Percentile(0.5), 2),
                ["latency_p99_ms"] = Math.Round(cell.Percentile(0.99), 2),
                ["audits"] = new JsonArray([.. cell.Audits.Select(a => (JsonNode)WithLinker(LinkabilityWriter.Json(a.Report), a.Linker))]),
            });
        }

        var root = new JsonObject
        {
            ["seed"] = o.Seed,
            ["payments_per_row"] = o.Payments,
            ["network"] = ExperimentTopology.Build().Network,
            ["load_average_start"] = report.LoadAtStart,
            ["load_average_end"] = report.LoadAtEnd,
            ["rows"] = rows,
        };
        output.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject WithLinker(JsonObject audit, string linker)
    {
        audit["linker"] = linker;
        return audit;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
