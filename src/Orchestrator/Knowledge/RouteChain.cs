using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// Orders one payment's HopView events along its route: start at the origin's HopView
/// (its latest, when it tried several routes), then repeatedly take the HopView of its
/// NextNode whose PrevNode is the current node and whose InChannel is the current
/// OutChannel, preferring one whose amount and expiry in equal the current ones out.
/// Without the origin's log it starts at a HopView whose previous node logged none.
/// </summary>
internal static class RouteChain
{
    /// <summary>Logs of different processes on one machine: allow this much clock disagreement when ordering hops.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<LogEvent> Follow(IReadOnlyList<LogEvent> hopViews, List<string> notes)
    {
        var start = hopViews.Where(v => Role(v) == KnowledgeNames.OriginRole).MaxBy(At)
            ?? hopViews.Where(v => v.Text(LogFields.PrevNode) is not { } prev || !hopViews.Any(o => o.Node == prev)).MinBy(At)
            ?? hopViews.MinBy(At)!;
        if (Role(start) != KnowledgeNames.OriginRole)
        {
            notes.Add($"No origin HopView for this payment in the logs (is the origin's log missing?); the table starts at {start.Node}, and what hops knew of the origin cannot be checked.");
        }

        var chain = new List<LogEvent> { start };
        var current = start;
        while (current.Text(LogFields.NextNode) is { } next && !KnowledgeNames.IsFinal(Role(current)))
        {
            var candidates = hopViews
                .Where(v => !chain.Contains(v)
                    && v.Node == next
                    && v.Text(LogFields.PrevNode) == current.Node
                    && v.Text(LogFields.InChannel) == current.Text(LogFields.OutChannel)
                    && NotBefore(v, current))
                .OrderByDescending(v => v.UInt64(LogFields.AmountInMsat) == current.UInt64(LogFields.AmountOutMsat) && v.UInt64(LogFields.CltvIn) == current.UInt64(LogFields.CltvOut))
                .ThenBy(At)
                .ToList();
            if (candidates.Count == 0)
            {
                notes.Add($"{current.Node} forwarded to {next} on {current.Text(LogFields.OutChannel)}, but no HopView of {next} matches it: its log is missing, or the HTLC never reached it (a failure on the way, or a corrupted onion it could not peel).");
                break;
            }

            current = candidates[0];
            chain.Add(current);
        }

        return chain;
    }

    /// <summary>A hop cannot log an HTLC before the previous hop sent it; a line without a timestamp is not held against.</summary>
    private static bool NotBefore(LogEvent next, LogEvent current) =>
        next.Timestamp is not { } at || current.Timestamp is not { } sent || at >= sent - ClockSlack;

    private static string? Role(LogEvent e) => e.Text(LogFields.Role);

    private static DateTimeOffset At(LogEvent e) => e.Timestamp ?? DateTimeOffset.MinValue;
}
