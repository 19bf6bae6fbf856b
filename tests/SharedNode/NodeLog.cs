using System.Text.Json;

namespace LnRelay.Tests.Shared;

/// <summary>
/// Reading a test node's JSON-lines log (docs/logging.md): whole lines only, events by name,
/// properties by name. The node writes its log from a background task, a moment after each
/// event: a test that needs an event waits for it; a test that needs to know an event never
/// came reads the logs after a later event, or after <see cref="TestNetwork.StopAllAsync"/>.
/// </summary>
internal static class NodeLog
{
    /// <summary>Every complete line of the node's log, parsed (a line still being written is skipped).</summary>
    public static IReadOnlyList<JsonElement> Events(TestNetwork net, string node) =>
        [.. net.ReadLog(node).Where(l => l.Length > 0 && l.EndsWith('}')).Select(Parse).OfType<JsonElement>()];

    /// <summary>The event's name (Properties.EventId.Name), such as HopView.</summary>
    public static string? Name(JsonElement e) =>
        e.TryGetProperty("Properties", out var p) && p.TryGetProperty("EventId", out var id) && id.TryGetProperty("Name", out var n) ? n.GetString() : null;

    public static string? Text(JsonElement e, string property) =>
        e.TryGetProperty("Properties", out var p) && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static long? Number(JsonElement e, string property) =>
        e.TryGetProperty("Properties", out var p) && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    /// <summary>The node's events of one kind for one payment hash.</summary>
    public static IReadOnlyList<JsonElement> Of(TestNetwork net, string node, string eventName, string paymentHash) =>
        [.. Events(net, node).Where(e => Name(e) == eventName && Text(e, "PaymentHash") == paymentHash)];

    /// <summary>Waits, with a deadline, until the node has logged at least <paramref name="count"/> events of this kind for this hash; returns those it has logged.</summary>
    public static Task<IReadOnlyList<JsonElement>> WaitForAsync(TestNetwork net, string node, string eventName, string paymentHash, int count = 1) =>
        WaitForAsync(net, node, e => Name(e) == eventName && Text(e, "PaymentHash") == paymentHash, $"{eventName} for {paymentHash}", count);

    /// <summary>Waits, with a deadline, until the node has logged at least <paramref name="count"/> events that <paramref name="match"/>; returns those it has logged.</summary>
    public static Task<IReadOnlyList<JsonElement>> WaitForAsync(TestNetwork net, string node, Func<JsonElement, bool> match, string what, int count = 1) =>
        Eventually.ValueAsync<IReadOnlyList<JsonElement>>(
            () => [.. Events(net, node).Where(match)],
            found => found.Count >= count,
            found => $"{node} logging {count} {what}; it logged {found.Count}");

    private static JsonElement? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
