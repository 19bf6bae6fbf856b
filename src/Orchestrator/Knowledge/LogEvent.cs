using System.Globalization;
using System.Text.Json;
using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// One line of a node's JSON-lines log (docs/logging.md): Serilog's JsonFormatter writes
/// Timestamp, Level, MessageTemplate, RenderedMessage and Properties, where Properties
/// holds EventId {Id, Name}, Node and the template's named values. Every field may be
/// missing from a hand-edited or foreign line; the accessors then return null.
/// </summary>
internal sealed record LogEvent(
    string SourceFile,
    int LineNumber,
    DateTimeOffset? Timestamp,
    string? EventName,
    string Node,
    IReadOnlyDictionary<string, JsonElement> Properties)
{
    public string? PaymentHash => Text(LogFields.PaymentHash)?.ToLowerInvariant();

    /// <summary>A property as text: strings as they are, numbers and booleans as JSON writes them.</summary>
    public string? Text(string name) =>
        Properties.TryGetValue(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    public ulong? UInt64(string name) =>
        Text(name) is { } text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A block height or expiry (CltvIn, CltvOut): a number that fits 32 bits, else null.</summary>
    public uint? Block(string name) => UInt64(name) is { } v && v <= uint.MaxValue ? (uint)v : null;

    public bool? Bool(string name) =>
        Properties.TryGetValue(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
                _ => null,
            }
            : null;

    public bool Is(string eventName) => string.Equals(EventName, eventName, StringComparison.Ordinal);

    public override string ToString() => $"{Path.GetFileName(SourceFile)}:{LineNumber} {EventName ?? "(no event name)"}";
}
