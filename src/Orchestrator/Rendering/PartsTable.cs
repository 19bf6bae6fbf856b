using System.Globalization;
using LnRelay.Node.Payments;

namespace LnRelay.Orchestrator.Rendering;

/// <summary>
/// Under the payments table, one table per payment sent in parts (docs/mpp.md): every part's
/// route, amount, fee and outcome, then the totals (parts settled of parts sent, amount delivered, fees).
/// </summary>
internal static class PartsTable
{
    /// <summary>The route cell of a payment sent in parts: how many settled, pointing below.</summary>
    public static string RouteCell(PaymentResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Parts.Count(p => p.Outcome == PartOutcome.Settled)} of {r.Parts.Count} parts (below)");

    public static void Write(TextWriter output, IReadOnlyList<(int Row, PaymentResult Result)> payments)
    {
        foreach (var (row, r) in payments.Where(p => p.Result.Parts.Count > 0))
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Payment #{row} in parts ({r.PaymentHash[..Math.Min(16, r.PaymentHash.Length)]}…, {r.Split}):"));
            var table = new TextTable("part", "route", "amount msat", "fee msat", "outcome", "failure (code, failing hop)") { Shrinkable = 5 };
            foreach (var p in r.Parts)
            {
                table.Add(
                    p.Part.ToString(CultureInfo.InvariantCulture),
                    string.Join(">", p.Route),
                    p.AmountMsat.ToString(CultureInfo.InvariantCulture),
                    p.FeeMsat.ToString(CultureInfo.InvariantCulture),
                    p.Outcome == PartOutcome.Settled ? "settled" : "failed",
                    p.Failure is { } f ? PaymentTable.Describe(f) : "-");
            }

            table.Write(output);
            var settled = r.Parts.Where(p => p.Outcome == PartOutcome.Settled).ToList();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Totals: {settled.Count} of {r.Parts.Count} parts settled, {settled.Aggregate(0UL, (s, p) => s + p.AmountMsat)} of {r.AmountMsat} msat delivered, fee {settled.Aggregate(0UL, (s, p) => s + p.FeeMsat)} msat."));
        }
    }
}
