using System.Text;

namespace LnRelay.Transport.Messages;

/// <summary>
/// Renders bytes a peer sent (<c>error</c>/<c>warning</c> data) for logs and terminals.
/// BOLT 1 "The <c>error</c> and <c>warning</c> Messages": do not print the data verbatim
/// unless it is printable ASCII; escape sequences in it could rewrite a terminal or
/// forge log lines.
/// </summary>
public static class PrintableText
{
    /// <summary>First printable ASCII character (space).</summary>
    private const byte FirstPrintable = 32;

    /// <summary>Last printable ASCII character (tilde).</summary>
    private const byte LastPrintable = 126;

    /// <summary>Longest rendering; the rest is summarised.</summary>
    public const int MaxRenderedBytes = 512;

    /// <summary>True when every byte is printable ASCII (32..126).</summary>
    public static bool IsPrintableAscii(ReadOnlySpan<byte> data) =>
        data.IndexOfAnyExceptInRange(FirstPrintable, LastPrintable) < 0;

    /// <summary>
    /// The data as text when it is entirely printable ASCII; otherwise each byte outside
    /// 32..126 (and the backslash, so the form is unambiguous) as <c>\xNN</c>. At most
    /// <see cref="MaxRenderedBytes"/> bytes are rendered, then "… (N more bytes)".
    /// </summary>
    public static string Render(ReadOnlySpan<byte> data)
    {
        var shown = data.Length <= MaxRenderedBytes ? data : data[..MaxRenderedBytes];
        var text = new StringBuilder(shown.Length);
        foreach (var b in shown)
        {
            if (b is >= FirstPrintable and <= LastPrintable && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append("\\x").Append(b.ToString("x2"));
            }
        }

        if (shown.Length < data.Length)
        {
            text.Append("… (").Append(data.Length - shown.Length).Append(" more bytes)");
        }

        return text.ToString();
    }
}
