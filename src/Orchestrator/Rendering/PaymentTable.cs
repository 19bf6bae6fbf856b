using System.Globalization;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Orchestrator.Rendering;

/// <summary>The results table 'pay' and 'demo' print: one row per payment.</summary>
internal static class PaymentTable
{
    public static void Write(TextWriter output, IEnumerable<PaymentRecord> payments) => Write(output, payments, p => p, null, null);

    /// <summary>One row per item: its payment, and when given a step label and an "as expected" cell.</summary>
    public static void Write<T>(TextWriter output, IEnumerable<T> rows, Func<T, PaymentRecord> payment, Func<T, string>? label, Func<T, string>? check)
    {
        var headers = new List<string> { "#" };
        if (label is not null)
        {
            headers.Add("step");
        }

        headers.AddRange(["from", "to", "amount msat", "status", "route", "fee msat", "tries", FailureHeader, "ms"]);
        if (check is not null)
        {
            headers.Add("as expected");
        }

        var table = new TextTable([.. headers]) { Shrinkable = headers.IndexOf(FailureHeader) };
        var i = 0;
        foreach (var row in rows)
        {
            i++;
            var cells = new List<string> { i.ToString(CultureInfo.InvariantCulture) };
            if (label is not null)
            {
                cells.Add(label(row));
            }

            var p = payment(row);
            var r = p.Result;
            cells.AddRange([
                p.From,
                p.To,
                p.AmountMsat.ToString(CultureInfo.InvariantCulture),
                p.Unknown is null ? Status(r.Status) : UnknownStatus,
                r.Route is { } route ? string.Join(">", route) : r.Parts.Count > 0 ? PartsTable.RouteCell(r) : "-",
                r.FeeMsat?.ToString(CultureInfo.InvariantCulture) ?? "-",
                r.Attempts.Count.ToString(CultureInfo.InvariantCulture),
                p.Unknown ?? Failures(r),
                p.TimeMs.ToString(CultureInfo.InvariantCulture),
            ]);
            if (check is not null)
            {
                cells.Add(check(row));
            }

            table.Add([.. cells]);
        }

        table.Write(output);
        PartsTable.Write(output, [.. rows.Select((row, index) => (index + 1, payment(row).Result))]);
        if (rows.Select(payment).Any(p => SucceededPastUnknownNextPeer(p.Result)))
        {
            output.WriteLine();
            output.WriteLine(UnknownNextPeerNote.Replace("\n", Environment.NewLine, StringComparison.Ordinal));
        }
    }

    /// <summary>The status of a payment whose outcome the run does not know (<see cref="PaymentRecord.Unknown"/>).</summary>
    public const string UnknownStatus = "unknown";

    public static string Status(PaymentRecord record) => record.Unknown is null ? Status(record.Result.Status) : UnknownStatus;

    private const string FailureHeader = "failure (code, failing hop)";

    /// <summary>Printed under a table where a payment that succeeded met unknown_next_peer on the way, so a newcomer is not alarmed.</summary>
    internal const string UnknownNextPeerNote =
        "Note: unknown_next_peer on a payment that succeeded is expected: a closed channel stays in the payer's graph\n" +
        "(docs/topology.md, 'closed'), so a first attempt may try it; the relay refuses it and the payer routes around it.";

    private static bool SucceededPastUnknownNextPeer(PaymentResult r) =>
        r.Status == PaymentStatus.Succeeded && r.Attempts.Any(a => a.Failure?.Code == (int)FailureCode.UnknownNextPeer);

    public static string Status(PaymentStatus status) => status switch
    {
        PaymentStatus.Succeeded => "succeeded",
        PaymentStatus.Failed => "failed",
        _ => "in_flight",
    };

    /// <summary>Every failure the payer met, in order: "name 0xCODE at hop H (node)"; a retried success shows what it overcame.</summary>
    public static string Failures(PaymentResult r)
    {
        var failures = r.Attempts.Where(a => a.Failure is not null).Select(a => a.Failure!).ToList();
        if (r.Failure is { } last && (failures.Count == 0 || failures[^1] != last))
        {
            failures.Add(last);
        }

        return failures.Count == 0 ? "-" : string.Join("; then ", failures.Select(Describe));
    }

    public static string Describe(PaymentFailure f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Name} 0x{f.Code:x4} at hop {f.Hop} ({f.Node ?? "payer"})");
}
