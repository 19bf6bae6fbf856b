using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>Reading a node's JSON-lines log (docs/logging.md): whole lines only, events by name, properties by name.</summary>
internal static class NodeLog
{
    /// <summary>The node writes its log file from a background task, a moment after each event: waits must allow for that, and more on a busy machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Every complete line of the node's log, parsed (a line still being written is skipped).</summary>
    public static IReadOnlyList<JsonElement> Events(TestNetwork net, string node) =>
        [.. net.ReadLog(node).Where(l => l.Length > 0 && l.EndsWith('}')).Select(Parse).OfType<JsonElement>()];

    public static string? Name(JsonElement e) =>
        e.TryGetProperty("Properties", out var p) && p.TryGetProperty("EventId", out var id) && id.TryGetProperty("Name", out var n) ? n.GetString() : null;

    public static string? Text(JsonElement e, string property) =>
        e.TryGetProperty("Properties", out var p) && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static long? Number(JsonElement e, string property) =>
        e.TryGetProperty("Properties", out var p) && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    /// <summary>The node's events of one kind for one payment hash.</summary>
    public static IReadOnlyList<JsonElement> Of(TestNetwork net, string node, string eventName, string paymentHash) =>
        [.. Events(net, node).Where(e => Name(e) == eventName && Text(e, "PaymentHash") == paymentHash)];

    /// <summary>Waits, with a deadline, until the node has logged at least <paramref name="count"/> events of this kind for this hash; returns them.</summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForAsync(TestNetwork net, string node, string eventName, string paymentHash, int count = 1)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var found = Of(net, node, eventName, paymentHash);
            if (found.Count >= count)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, $"{node} did not log {count} {eventName} for {paymentHash} within {Deadline}; it logged {found.Count}.");
            await Task.Delay(25);
        }
    }

    private static JsonElement? Parse(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
