using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Parsing;

namespace LnRelay.Node.Logging;

/// <summary>
/// Writes the node's events as Serilog's <c>JsonFormatter(renderMessage: true)</c> writes them,
/// character for character (Timestamp, Level, MessageTemplate, RenderedMessage, Properties,
/// then a newline), straight into a <see cref="StringBuilder"/>: the knowledge report and the
/// linkability audit read these lines (docs/logging.md), so their text must not change, but
/// Serilog's formatter spent most of a node's logging time on LINQ over the template's tokens,
/// dictionary look-ups and one virtual call per piece (docs/performance.md, "Between the sockets").
/// <para>
/// It takes only what the node logs on its hot paths: no exception, template holes without
/// format or alignment, and values that are strings, booleans, integers, null, or structures of
/// those (the event id). Anything else returns false, and the caller formats that event with
/// Serilog's own formatter. <c>JsonLineFormatterTests</c> compare the two on every event shape.
/// </para>
/// </summary>
internal sealed class JsonLineFormatter
{
    /// <summary>Templates remembered at most (the node's are a few dozen constants; a caller with dynamic templates only makes this forget).</summary>
    private const int MaxTemplates = 512;

    private static readonly string[] LevelNames = Enum.GetNames<LogEventLevel>();

    private readonly Dictionary<MessageTemplate, Template?> _templates = new(ReferenceEqualityComparer.Instance);
    private readonly StringBuilder _rendered = new();

    /// <summary>Appends <paramref name="logEvent"/>'s line; false (and nothing appended) when it is not one this formatter takes.</summary>
    public bool TryFormat(LogEvent logEvent, StringBuilder output)
    {
        if (logEvent.Exception is not null || (int)logEvent.Level >= LevelNames.Length || Plan(logEvent.MessageTemplate) is not { } template)
        {
            return false;
        }

        var start = output.Length;
        AppendHead(logEvent.Timestamp, LevelNames[(int)logEvent.Level], template.QuotedText, output);
        if (!TryRender(template, logEvent.Properties, output))
        {
            output.Length = start;
            return false;
        }

        AppendTrace(logEvent.TraceId?.ToHexString(), logEvent.SpanId?.ToHexString(), output);
        if (!TryWriteProperties(logEvent.Properties, output))
        {
            output.Length = start;
            return false;
        }

        output.Append('}').Append(Environment.NewLine);
        return true;
    }

    /// <summary>
    /// Appends the line of a node event written without Serilog (<see cref="LogTemplate"/>): the
    /// same text as <see cref="TryFormat"/> gives for the event the bridge would have built from
    /// these values, with the properties the bridge and the node's logger add after the template's
    /// (EventId, SourceContext, Node).
    /// </summary>
    public void AppendLine(StringBuilder output, in NodeLine line, ReadOnlySpan<LogValue> values, string node)
    {
        var template = line.Template;
        AppendHead(line.Timestamp, template.LevelName, template.QuotedText, output);
        Render(template, values, output);
        AppendTrace(line.TraceId, line.SpanId, output);
        output.Append(",\"Properties\":{");
        for (var i = 0; i < values.Length; i++)
        {
            output.Append(template.QuotedNames[i]);
            values[i].AppendJson(output);
            output.Append(',');
        }

        output.Append(template.EventIdJson.AsSpan(1)).Append(",\"SourceContext\":");
        JsonText.AppendQuoted(line.SourceContext, output);
        output.Append(",\"Node\":");
        JsonText.AppendQuoted(node, output);
        output.Append("}}").Append(Environment.NewLine);
    }

    /// <summary>A line's start, as Serilog's formatter writes it: the timestamp (round-trip format), the level, the template, and the key of the rendered message that follows.</summary>
    private static void AppendHead(DateTimeOffset timestamp, string level, string quotedTemplate, StringBuilder output)
    {
        // The round-trip format of a DateTimeOffset is 33 characters; 64 leaves room for any offset.
        Span<char> text = stackalloc char[64];
        if (!timestamp.TryFormat(text, out var written, "o", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A timestamp did not fit in 64 characters.");
        }

        output.Append("{\"Timestamp\":\"").Append(text[..written]).Append("\",\"Level\":\"").Append(level).Append("\",\"MessageTemplate\":");
        output.Append(quotedTemplate).Append(",\"RenderedMessage\":");
    }

    /// <summary>A template's rendered message as a JSON string: in one pass when every piece is plain, else rendered, then escaped.</summary>
    private void Render(LogTemplate template, ReadOnlySpan<LogValue> values, StringBuilder output)
    {
        var start = output.Length;
        output.Append('"');
        foreach (var part in template.Parts)
        {
            if (part.Value >= 0 ? !values[part.Value].TryAppendRendered(output) : part.Escaped is null)
            {
                output.Length = start;
                RenderThenEscape(template, values, output);
                return;
            }

            if (part.Value < 0)
            {
                output.Append(part.Escaped);
            }
        }

        output.Append('"');
    }

    private void RenderThenEscape(LogTemplate template, ReadOnlySpan<LogValue> values, StringBuilder output)
    {
        var rendered = _rendered.Clear();
        foreach (var part in template.Parts)
        {
            if (part.Value < 0)
            {
                rendered.Append(part.Text);
            }
            else
            {
                values[part.Value].AppendRenderedText(rendered);
            }
        }

        JsonText.AppendQuoted(rendered, output);
    }

    /// <summary>An activity's trace and span ids, as Serilog's formatter writes them after the rendered message.</summary>
    private static void AppendTrace(string? traceId, string? spanId, StringBuilder output)
    {
        if (traceId is not null)
        {
            output.Append(",\"TraceId\":\"").Append(traceId).Append('"');
        }

        if (spanId is not null)
        {
            output.Append(",\"SpanId\":\"").Append(spanId).Append('"');
        }
    }

    /// <summary>
    /// The rendered message, as a JSON string: what <c>MessageTemplate.Render</c> gives, escaped.
    /// Written in one pass when every piece is plain (the template's text escaped in advance, each
    /// value quoted as Render quotes strings, with the quotes escaped); else rendered, then escaped.
    /// </summary>
    private bool TryRender(Template template, IReadOnlyDictionary<string, LogEventPropertyValue> properties, StringBuilder output)
    {
        var start = output.Length;
        output.Append('"');
        foreach (var part in template.Parts)
        {
            if (part.Property is null || !properties.TryGetValue(part.Property, out var value))
            {
                if (part.Escaped is null)
                {
                    output.Length = start;
                    return TryRenderThenEscape(template, properties, output);
                }

                output.Append(part.Escaped);
                continue;
            }

            switch (value)
            {
                case ScalarValue { Value: string s } when JsonText.IsPlain(s):
                    output.Append("\\\"").Append(s).Append("\\\"");
                    break;
                case ScalarValue { Value: not string } scalar when TryRenderScalar(scalar.Value, output):
                    break;
                default:
                    output.Length = start;
                    return TryRenderThenEscape(template, properties, output);
            }
        }

        output.Append('"');
        return true;
    }

    /// <summary>The general way: the message rendered as Render renders it, then escaped as one JSON string.</summary>
    private bool TryRenderThenEscape(Template template, IReadOnlyDictionary<string, LogEventPropertyValue> properties, StringBuilder output)
    {
        var rendered = _rendered.Clear();
        foreach (var part in template.Parts)
        {
            if (part.Property is null || !properties.TryGetValue(part.Property, out var value))
            {
                rendered.Append(part.Text);
            }
            else if (value is not ScalarValue scalar || !TryRenderScalar(scalar.Value, rendered))
            {
                return false;
            }
        }

        JsonText.AppendQuoted(rendered, output);
        return true;
    }

    private static bool TryRenderScalar(object? value, StringBuilder output)
    {
        switch (value)
        {
            case null:
                output.Append("null");
                return true;
            case string s:
                output.Append('"').Append(s.Contains('"', StringComparison.Ordinal) ? s.Replace("\"", "\\\"", StringComparison.Ordinal) : s).Append('"');
                return true;
            case bool b:
                output.Append(b ? bool.TrueString : bool.FalseString);
                return true;
            case int or uint or long or ulong or short or ushort or byte or sbyte:
                output.Append(CultureInfo.InvariantCulture, $"{value}");
                return true;
            default:
                return false;
        }
    }

    private static bool TryWriteProperties(IReadOnlyDictionary<string, LogEventPropertyValue> properties, StringBuilder output)
    {
        if (properties.Count == 0)
        {
            return true;
        }

        output.Append(",\"Properties\":{");
        var first = true;
        foreach (var (name, value) in properties)
        {
            if (!first)
            {
                output.Append(',');
            }

            first = false;
            JsonText.AppendQuoted(name, output);
            output.Append(':');
            if (!TryWriteValue(value, output))
            {
                return false;
            }
        }

        output.Append('}');
        return true;
    }

    private static bool TryWriteValue(LogEventPropertyValue value, StringBuilder output)
    {
        switch (value)
        {
            case ScalarValue { Value: null }:
                output.Append("null");
                return true;
            case ScalarValue { Value: string s }:
                JsonText.AppendQuoted(s, output);
                return true;
            case ScalarValue { Value: bool b }:
                output.Append(b ? "true" : "false");
                return true;
            case ScalarValue { Value: int or uint or long or ulong or short or ushort or byte or sbyte } number:
                output.Append(CultureInfo.InvariantCulture, $"{number.Value}");
                return true;
            case StructureValue { TypeTag: null } structure:
                output.Append('{');
                for (var i = 0; i < structure.Properties.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }

                    JsonText.AppendQuoted(structure.Properties[i].Name, output);
                    output.Append(':');
                    if (!TryWriteValue(structure.Properties[i].Value, output))
                    {
                        return false;
                    }
                }

                output.Append('}');
                return true;
            default:
                return false;
        }
    }

    /// <summary>The template cut into literal text and holes, or null when a hole has a format or an alignment (Serilog then adds Renderings, or pads).</summary>
    private Template? Plan(MessageTemplate messageTemplate)
    {
        if (_templates.TryGetValue(messageTemplate, out var known))
        {
            return known;
        }

        if (_templates.Count >= MaxTemplates)
        {
            _templates.Clear();
        }

        var parts = new List<Part>();
        Template? template = null;
        var plain = true;
        foreach (var token in messageTemplate.Tokens)
        {
            switch (token)
            {
                case TextToken text:
                    parts.Add(new Part(text.Text, JsonText.Escaped(text.Text), null));
                    break;
                case PropertyToken { Format: null, Alignment: null } property:
                    parts.Add(new Part(property.ToString(), JsonText.Escaped(property.ToString()), property.PropertyName));
                    break;
                default:
                    plain = false;
                    break;
            }
        }

        if (plain)
        {
            var quoted = new StringBuilder();
            JsonText.AppendQuoted(messageTemplate.Text, quoted);
            template = new Template(quoted.ToString(), [.. parts]);
        }

        _templates[messageTemplate] = template;
        return template;
    }

    private sealed record Template(string QuotedText, Part[] Parts);

    /// <summary>A piece of a template: literal text, or a hole (<see cref="Property"/>) whose <see cref="Text"/> is rendered when the event has no such property.</summary>
    private readonly record struct Part(string Text, string? Escaped, string? Property);
}
