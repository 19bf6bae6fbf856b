using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>Prints a <see cref="LinkabilityReport"/>: a table for people, or one JSON object (snake_case) for scripts.</summary>
internal static class LinkabilityWriter
{
    public static void Write(TextWriter output, LinkabilityReport report)
    {
        output.WriteLine($"What {string.Join(", ", report.Colluders)} can link by pooling their own logs");
        output.WriteLine("  " + string.Join("; ", report.Views.Select(v => $"{v.Node}: {v.Observations} HopView(s), {v.Payments} payment(s)")));
        var id = report.Identifier;
        output.WriteLine($"  payments in the payers' logs: {report.PaymentsRecorded}; seen by two colluders or more: {id.PaymentsShared}; true pairs of observations: {id.TruePairs}");
        output.WriteLine();
        var table = new TextTable("method", "links", "correct", "wrong", "unscored", "precision", "recall", "payments linked");
        foreach (var s in report.Scores)
        {
            table.Add(s.Method, N(s.Claimed), N(s.Correct), N(s.Wrong), N(s.Unscored), Percent(s.Precision), Percent(s.Recall), $"{N(s.PaymentsLinked)} of {N(s.PaymentsShared)}");
        }

        table.Write(output, null);
        output.WriteLine();
        output.WriteLine("identifier: two observations share a lock value (payment_hash today). heuristic: amount minus a plausible fee,");
        output.WriteLine("expiry minus plausible deltas, within a time window, never reading an identifier (docs/privacy.md).");
        output.WriteLine($"Heuristic parameters: {report.Parameters}.");
        if (report.HeuristicByGap.Count > 0)
        {
            output.WriteLine("Heuristic's correct links by honest hops between the colluders: " + string.Join(", ", report.HeuristicByGap.Select(p => $"{p.Key}: {N(p.Value)}")) + ".");
        }

        output.WriteLine("Precision = correct / (correct + wrong); recall = correct / true pairs; the truth is the payers' own logs, which no linker reads.");
        foreach (var wrong in report.WrongExamples)
        {
            output.WriteLine($"Wrong heuristic link: {wrong}");
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine($"Note: {note}");
        }
    }

    public static JsonObject Json(LinkabilityReport report) => new()
    {
        ["colluders"] = new JsonArray([.. report.Colluders.Select(c => (JsonNode)c)]),
        ["views"] = new JsonArray([.. report.Views.Select(v => (JsonNode)new JsonObject { ["node"] = v.Node, ["observations"] = v.Observations, ["payments"] = v.Payments })]),
        ["payments_recorded"] = report.PaymentsRecorded,
        ["methods"] = new JsonArray([.. report.Scores.Select(s => (JsonNode)new JsonObject
        {
            ["method"] = s.Method,
            ["links"] = s.Claimed,
            ["correct"] = s.Correct,
            ["wrong"] = s.Wrong,
            ["unscored"] = s.Unscored,
            ["true_pairs"] = s.TruePairs,
            ["precision"] = s.Precision,
            ["recall"] = s.Recall,
            ["payments_shared"] = s.PaymentsShared,
            ["payments_linked"] = s.PaymentsLinked,
        })]),
        ["heuristic_parameters"] = report.Parameters,
        ["heuristic_correct_by_gap_hops"] = new JsonObject(report.HeuristicByGap.Select(p => KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)p.Value))),
        ["heuristic_wrong_examples"] = new JsonArray([.. report.WrongExamples.Select(n => (JsonNode)n)]),
        ["notes"] = new JsonArray([.. report.Notes.Select(n => (JsonNode)n)]),
    };

    public static void WriteJson(TextWriter output, LinkabilityReport report) =>
        output.WriteLine(Json(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    internal static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
