using System.Text;
using Microsoft.Extensions.Logging;
using Serilog.Parsing;

namespace LnRelay.Node.Logging;

/// <summary>
/// One kind of node event that is logged once or more per payment (HopView, the switch's HTLC
/// events, the payer's): its event id, level and message template, parsed once. <see cref="Write"/>
/// hands the event's values (unboxed, on the caller's stack) to the node's log file as they are,
/// and the file's writer task renders the JSON line that Serilog's formatter would have written
/// (<see cref="JsonLineFormatter"/>): no Microsoft.Extensions.Logging → Serilog bridge, no property
/// dictionary, no boxed values (docs/performance.md, "Logging without the bridge").
/// <para>
/// The logger decides what is written, as for every other event: a level it does not enable
/// writes nothing, and a logger that is not the node's own (a test's, or a node logging to the
/// console as well) gets the event through the bridge, with the same template and values, so
/// the text is the same either way. The template's holes are named, unique, and take the values
/// in the order they appear, as Microsoft.Extensions.Logging binds them.
/// </para>
/// </summary>
internal sealed class LogTemplate
{
    private static readonly MessageTemplateParser Parser = new();

    public LogTemplate(EventId eventId, string text, LogLevel level = LogLevel.Information)
    {
        EventId = eventId;
        Text = text;
        Level = level;
        LevelName = level switch
        {
            LogLevel.Trace => nameof(Serilog.Events.LogEventLevel.Verbose),
            LogLevel.Debug => nameof(Serilog.Events.LogEventLevel.Debug),
            LogLevel.Information => nameof(Serilog.Events.LogEventLevel.Information),
            LogLevel.Warning => nameof(Serilog.Events.LogEventLevel.Warning),
            LogLevel.Error => nameof(Serilog.Events.LogEventLevel.Error),
            LogLevel.Critical => nameof(Serilog.Events.LogEventLevel.Fatal),
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "A node event has a level that logs."),
        };
        var parts = new List<Part>();
        var names = new List<string>();
        foreach (var token in Parser.Parse(text).Tokens)
        {
            switch (token)
            {
                case TextToken literal:
                    parts.Add(new Part(literal.Text, JsonText.Escaped(literal.Text), -1));
                    break;
                case PropertyToken { Format: null, Alignment: null, IsPositional: false } hole when !names.Contains(hole.PropertyName, StringComparer.Ordinal):
                    parts.Add(new Part(hole.ToString(), null, names.Count));
                    names.Add(hole.PropertyName);
                    break;
                default:
                    throw new ArgumentException($"'{token}' in '{text}': a node event's holes are named once each, without a format or an alignment.", nameof(text));
            }
        }

        Parts = [.. parts];
        var quoted = new StringBuilder();
        JsonText.AppendQuoted(text, quoted);
        QuotedText = quoted.ToString();
        QuotedNames = [.. names.Select(n =>
        {
            var name = new StringBuilder();
            JsonText.AppendQuoted(n, name);
            return name.Append(':').ToString();
        })];
        var id = new StringBuilder(",\"EventId\":{\"Id\":").Append(eventId.Id);
        if (eventId.Name is { } eventName)
        {
            id.Append(",\"Name\":");
            JsonText.AppendQuoted(eventName, id);
        }

        EventIdJson = id.Append('}').ToString();
    }

    public EventId EventId { get; }

    public string Text { get; }

    public LogLevel Level { get; }

    /// <summary>The level as Serilog names it (the line's Level).</summary>
    internal string LevelName { get; }

    /// <summary>How many values an event of this kind carries.</summary>
    public int Holes => QuotedNames.Length;

    /// <summary>The template as a JSON string (the line's MessageTemplate).</summary>
    internal string QuotedText { get; }

    /// <summary>Each hole's property name, quoted, with its colon: the Properties' keys in order.</summary>
    internal string[] QuotedNames { get; }

    /// <summary>The EventId property, with its leading comma.</summary>
    internal string EventIdJson { get; }

    internal Part[] Parts { get; }

    /// <summary>Logs one event of this kind with <paramref name="values"/>, one per hole in order.</summary>
    public void Write(ILogger log, params ReadOnlySpan<LogValue> values)
    {
        if (values.Length != Holes)
        {
            throw new ArgumentException($"'{Text}' takes {Holes} values, not {values.Length}.", nameof(values));
        }

        if (!log.IsEnabled(Level))
        {
            return;
        }

        if (log is NodeLogger { Lines: { } lines } node)
        {
            lines.Write(this, node.Category, values);
            return;
        }

        var boxed = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            boxed[i] = values[i].ToObject();
        }

#pragma warning disable CA2254 // The template is this constant's; the analyser cannot see it is constant.
        log.Log(Level, EventId, Text, boxed);
#pragma warning restore CA2254
    }

    /// <summary>A piece of the template: literal text (with <see cref="Escaped"/>, null when it holds a control character), or the hole of value <see cref="Value"/>.</summary>
    internal readonly record struct Part(string Text, string? Escaped, int Value);
}
