namespace LnRelay.Orchestrator.Launch;

/// <summary>A plain text table: a header row, then rows, columns padded to their widest cell. Numbers align right.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(headers, widths, numeric: null));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        var numeric = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => r[i].Length == 0 || r[i].All(c => char.IsAsciiDigit(c) || c is ',' or '.'))).ToArray();
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths, numeric));
        }
    }

    private static string Line(string[] cells, int[] widths, bool[]? numeric) =>
        string.Join("  ", cells.Select((c, i) => numeric?[i] == true ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
}
