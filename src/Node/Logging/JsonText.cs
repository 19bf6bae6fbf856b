using System.Buffers;
using System.Globalization;
using System.Text;
using Serilog.Formatting.Json;

namespace LnRelay.Node.Logging;

/// <summary>
/// JSON strings as Serilog's formatter writes them (<c>JsonValueFormatter.WriteQuotedJsonString</c>):
/// a quote and a backslash get a backslash; the rare control character goes through Serilog's own
/// escaping, so the text cannot differ. Shared by <see cref="JsonLineFormatter"/>'s two ways in.
/// </summary>
internal static class JsonText
{
    /// <summary>Characters a JSON string cannot hold as they are.</summary>
    private static readonly SearchValues<char> NeedsEscaping = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    /// <summary>Whether <paramref name="text"/> goes into a JSON string as it is.</summary>
    public static bool IsPlain(ReadOnlySpan<char> text) => !text.ContainsAny(NeedsEscaping);

    /// <summary>Appends <paramref name="text"/> as a quoted JSON string.</summary>
    public static void AppendQuoted(string text, StringBuilder output)
    {
        var start = output.Length;
        output.Append('"');
        if (!TryAppendEscaped(text, output))
        {
            output.Length = start;
            AppendQuotedBySerilog(text, output);
            return;
        }

        output.Append('"');
    }

    /// <summary>Appends <paramref name="text"/> (a builder's chunks) as a quoted JSON string.</summary>
    public static void AppendQuoted(StringBuilder text, StringBuilder output)
    {
        var start = output.Length;
        output.Append('"');
        foreach (var chunk in text.GetChunks())
        {
            if (!TryAppendEscaped(chunk.Span, output))
            {
                output.Length = start;
                AppendQuotedBySerilog(text.ToString(), output);
                return;
            }
        }

        output.Append('"');
    }

    /// <summary>
    /// Appends <paramref name="text"/> with <c>"</c> and <c>\</c> escaped by a backslash; false (part of it
    /// appended) when it holds a control character, whose escape is left to Serilog.
    /// </summary>
    public static bool TryAppendEscaped(ReadOnlySpan<char> text, StringBuilder output)
    {
        while (text.IndexOfAny(NeedsEscaping) is var at && at >= 0)
        {
            var c = text[at];
            if (c is not ('"' or '\\'))
            {
                return false;
            }

            output.Append(text[..at]).Append('\\').Append(c);
            text = text[(at + 1)..];
        }

        output.Append(text);
        return true;
    }

    /// <summary>A template's text escaped for a JSON string; null when it holds a control character (left to Serilog).</summary>
    public static string? Escaped(string text)
    {
        var escaped = new StringBuilder();
        return TryAppendEscaped(text, escaped) ? escaped.ToString() : null;
    }

    /// <summary>Rare (a control character in a peer's warning text, a path): Serilog's own escaping.</summary>
    private static void AppendQuotedBySerilog(string text, StringBuilder output)
    {
        using var escaped = new StringWriter(CultureInfo.InvariantCulture);
        JsonValueFormatter.WriteQuotedJsonString(text, escaped);
        output.Append(escaped.GetStringBuilder());
    }
}
