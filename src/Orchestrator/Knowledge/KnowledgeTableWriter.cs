using System.Globalization;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// Prints a <see cref="KnowledgeReport"/> for people: a fixed-width table (one row per
/// node, origin first), a legend, the footnotes its cells refer to, notes, and the
/// limit every onion-routed payment has.
/// </summary>
internal static class KnowledgeTableWriter
{
    /// <summary>The four knowledge columns' headers; the web page's hop cards use the same words (docs/web.md).</summary>
    internal static readonly string[] FlagHeaders = ["origin", "dest", "length", "position"];

    /// <summary>The legend under the table, also shown under the web page's hop cards.</summary>
    internal static readonly string[] Legend =
    [
        "Legend: prev/next = the peer it received the HTLC from / sent it to; in/out msat = the HTLC's amount received / sent;",
        "fee = in - out (what the hop kept); cltv in/out = the HTLC's expiry height received / sent; '-' = not seen in that role.",
        "origin, dest, length, position = whether the node knew who started the payment, who it was for, how many hops",
        "the route had, and its own place in it; each is derived from that node's own log lines carrying this payment_hash.",
    ];

    private static readonly string[] Headers = ["#", "node", "role", "prev", "next", "in msat", "out msat", "fee", "cltv in", "cltv out", .. FlagHeaders];

    /// <summary>Columns of numbers are right-aligned.</summary>
    private static readonly bool[] RightAligned = [true, false, false, false, false, true, true, true, true, true, false, false, false, false];

    private const string Gap = "  ";

    public static void Write(TextWriter output, KnowledgeReport report, string? chosen = null)
    {
        output.WriteLine($"What each node knew of payment {report.PaymentHash}");
        if (chosen is not null)
        {
            output.WriteLine($"(chosen: {chosen})");
        }

        output.WriteLine($"Outcome: {report.Outcome}; {report.Attempts} route(s) tried; {report.Rows.Count} node(s) on the route shown.");
        output.WriteLine();

        var cells = report.Rows.Select(Cells).ToList();
        var widths = Headers.Select((h, c) => cells.Select(r => r[c].Length).Prepend(h.Length).Max()).ToArray();
        output.WriteLine(Line(Headers, widths));
        output.WriteLine(string.Join(Gap, widths.Select(w => new string('-', w))).TrimEnd());
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }

        output.WriteLine();
        foreach (var line in Legend)
        {
            output.WriteLine(line);
        }

        foreach (var footnote in report.Footnotes)
        {
            output.WriteLine(footnote);
        }

        if (report.Notes.Count > 0)
        {
            output.WriteLine();
            foreach (var note in report.Notes)
            {
                output.WriteLine($"Note: {note}");
            }
        }

        if (report.Parts is { } parts)
        {
            WriteParts(output, parts);
        }

        WriteLocks(output, report);
        output.WriteLine();
        output.WriteLine($"Limit: {report.Limit}");
    }

    /// <summary>Each HTLC the origin sent (docs/mpp.md), then per node which of them it saw, and the linkage.</summary>
    private static void WriteParts(TextWriter output, PartsKnowledge parts)
    {
        output.WriteLine();
        output.WriteLine("HTLCs the origin sent for this payment (the parts of a multi-part payment, or retries):");
        foreach (var p in parts.Parts)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  part {p.Part}: {string.Join(" > ", p.Route)}, {Number(p.AmountMsat)} msat sent{(p.ReachedPayee ? "" : ", did not reach the payee")}"));
        }

        output.WriteLine("Which parts each node saw:");
        foreach (var n in parts.Nodes)
        {
            output.WriteLine($"  {n.Node}: part{(n.Parts.Count == 1 ? "" : "s")} {string.Join(", ", n.Parts)}{(n.Linked ? "  (linked by payment_hash)" : "")}");
        }

        output.WriteLine($"Linkage: {parts.Linkage}");
    }

    /// <summary>The lock each hop saw: one payment_hash for all, or a different point in and out per hop (docs/ptlc.md).</summary>
    private static void WriteLocks(TextWriter output, KnowledgeReport report)
    {
        if (report.Locks is not { Count: > 0 } locks)
        {
            return;
        }

        output.WriteLine();
        if (report.LockKind != KnowledgeNames.PointLock)
        {
            output.WriteLine($"Lock: every hop's HTLCs carried payment_hash {report.PaymentHash}.");
            return;
        }

        output.WriteLine("Locks (point-locked, lnrelay-experimental): the lock point each node's HTLCs carried, received -> sent:");
        foreach (var hop in locks)
        {
            output.WriteLine($"  {hop.Node,-10} {Short(hop.LockIn),-18} -> {Short(hop.LockOut)}");
        }
    }

    /// <summary>A lock for the table: its first 16 hex characters (enough to see they differ; the full value is in the logs and --json).</summary>
    private static string Short(string? hex) => hex is null ? "-" : hex.Length > 16 ? hex[..16] + ".." : hex;

    private static string[] Cells(HopKnowledge r) =>
    [
        r.Position.ToString(CultureInfo.InvariantCulture),
        r.Node,
        r.View.Role,
        r.View.PrevNode ?? "-",
        r.View.NextNode ?? "-",
        Number(r.View.AmountInMsat),
        Number(r.View.AmountOutMsat),
        Number(r.View.FeeMsat),
        Number(r.View.CltvIn),
        Number(r.View.CltvOut),
        r.KnewOrigin.Cell,
        r.KnewDestination.Cell,
        r.KnewRouteLength.Cell,
        r.KnewPosition.Cell,
    ];

    private static string Number(ulong? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Number(uint? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join(Gap, cells.Select((c, i) => RightAligned[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
}
