namespace LnRelay.Orchestrator.Rendering;

/// <summary>
/// A plain text table: a header row, then rows, columns padded to their widest cell. Numbers
/// align right. On a terminal narrower than the table, the <see cref="Shrinkable"/> column
/// (free text such as failures) is cut to fit, each cut cell ending in "…"; written anywhere
/// else (a file, a pipe, a test) nothing is cut.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private const string Gap = "  ";
    private const string Cut = "…";

    private readonly List<string[]> _rows = [];

    /// <summary>The column that gives up width on a narrow terminal; none unless set.</summary>
    public int? Shrinkable { get; init; }

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output) => Write(output, TerminalWidth(output));

    /// <summary>Writes the table fitted to <paramref name="width"/> characters when given (the terminal's).</summary>
    public void Write(TextWriter output, int? width)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var total = widths.Sum() + (Gap.Length * (widths.Length - 1));
        if (Shrinkable is { } column && width is { } limit && total > limit)
        {
            widths[column] = Math.Max(headers[column].Length, widths[column] - (total - limit));
        }

        output.WriteLine(Line(headers, widths, numeric: null));
        output.WriteLine(string.Join(Gap, widths.Select(w => new string('-', w))));
        var numeric = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => r[i].Length == 0 || r[i].All(c => char.IsAsciiDigit(c) || c is ',' or '.'))).ToArray();
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths, numeric));
        }
    }

    /// <summary>The console's width when <paramref name="output"/> is the console and a terminal; otherwise none (never cut what a script reads).</summary>
    private static int? TerminalWidth(TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            return null;
        }

        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Fit(string cell, int width) => cell.Length <= width ? cell : string.Concat(cell.AsSpan(0, width - Cut.Length), Cut);

    private static string Line(string[] cells, int[] widths, bool[]? numeric) =>
        string.Join(Gap, cells.Select((c, i) => numeric?[i] == true ? Fit(c, widths[i]).PadLeft(widths[i]) : Fit(c, widths[i]).PadRight(widths[i]))).TrimEnd();
}
