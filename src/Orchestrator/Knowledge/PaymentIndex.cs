using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>One payment as the logs show it, for choosing a payment and for listing recent ones.</summary>
internal sealed record PaymentSummary(string PaymentHash, DateTimeOffset? LastSeen, string? Origin, string? Destination, int? RouteLength, bool HasRelay)
{
    /// <summary>A payment through at least one relay (origin → relay → payee or longer).</summary>
    public bool IsMultiHop => HasRelay || RouteLength >= 2;

    public string Describe()
    {
        var who = Origin is not null && Destination is not null ? $" {Origin} -> {Destination}" : "";
        var length = RouteLength is { } n ? $", {n} hop(s)" : "";
        var when = LastSeen is { } at ? $", last seen {at:yyyy-MM-dd HH:mm:ss}" : "";
        return $"{PaymentHash}{who}{length}{when}";
    }
}

/// <summary>The payments whose HopView events are in the logs, most recent first.</summary>
internal static class PaymentIndex
{
    public static IReadOnlyList<PaymentSummary> Of(IEnumerable<LogEvent> events) =>
        events
            // A point-locked payment's relays and payee each log their own lock; it is listed once, under its origin's key.
            .Where(e => e.Is(KnowledgeNames.HopView) && e.PaymentHash is not null
                && (e.Text(LogFields.LockKind) != KnowledgeNames.PointLock || e.Text(LogFields.Role) == KnowledgeNames.OriginRole))
            .GroupBy(e => e.PaymentHash!, StringComparer.Ordinal)
            .Select(Summarize)
            .OrderByDescending(p => p.LastSeen ?? DateTimeOffset.MinValue)
            .ThenBy(p => p.PaymentHash, StringComparer.Ordinal)
            .ToList();

    /// <summary>A short list for error messages: "hash a -> b, 3 hop(s), ...".</summary>
    public static string List(IReadOnlyList<PaymentSummary> payments, int max = 5) =>
        payments.Count == 0
            ? "none (no HopView events in the logs)"
            : string.Join("; ", payments.Take(max).Select(p => p.Describe())) + (payments.Count > max ? $"; and {payments.Count - max} more" : "");

    private static PaymentSummary Summarize(IGrouping<string, LogEvent> views)
    {
        var origin = views.Where(v => v.Text(LogFields.Role) == KnowledgeNames.OriginRole).MaxBy(v => v.Timestamp ?? DateTimeOffset.MinValue);
        var final = views.FirstOrDefault(v => KnowledgeNames.IsFinal(v.Text(LogFields.Role)));
        var length = origin?.UInt64(LogFields.RouteLength) is { } n && n <= int.MaxValue ? (int)n : (int?)null;
        return new PaymentSummary(
            views.Key,
            views.Max(v => v.Timestamp),
            origin?.Node,
            origin?.Text(LogFields.Destination) ?? final?.Node,
            length,
            views.Any(v => KnowledgeNames.IsRelay(v.Text(LogFields.Role))));
    }
}
