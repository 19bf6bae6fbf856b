using System.Text.Json;
using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// Derives each "knew …" cell from one node's own events for the payment hash, never
/// from its role alone:
/// <list type="bullet">
/// <item>origin: true only for the node whose HopView role is origin; for every other node,
/// true only if one of its events names the origin (by name or node id). A node whose
/// previous hop is the origin saw a peer, not "the origin": no, with footnote †.</item>
/// <item>destination: true for the final node (role final) and for a node whose events name
/// the destination (the origin's HopView does, as Destination); a node whose next hop is the
/// destination saw a peer: no, with footnote ‡.</item>
/// <item>route length: true if its events carry the route or its length (RouteLength, Route).</item>
/// <item>position: true for the origin (no previous hop: it sent the first HTLC) and for a node
/// whose events carry the route itself (Route, Position, Hop); the final node knows it is last,
/// not its index: no, with footnote §.</item>
/// </list>
/// </summary>
internal static class KnowledgeDerivation
{
    public const string PeerWasOrigin = "†";
    public const string PeerWasDestination = "‡";
    public const string LastButNotIndex = "§";

    public static Knowledge Origin(LogEvent view, IReadOnlyList<LogEvent> own, string? origin, IReadOnlySet<string> originIds)
    {
        if (Role(view) == KnowledgeNames.OriginRole)
        {
            return new Knowledge(true, "its HopView role is origin: it started the payment");
        }

        return AboutNode(view, own, origin, originIds, LogFields.PrevNode, "origin", PeerWasOrigin);
    }

    public static Knowledge Destination(LogEvent view, IReadOnlyList<LogEvent> own, string? destination, IReadOnlySet<string> destinationIds)
    {
        if (KnowledgeNames.IsFinal(Role(view)))
        {
            return new Knowledge(true, $"its HopView role is {Role(view)}: the payment ended at it");
        }

        return AboutNode(view, own, destination, destinationIds, LogFields.NextNode, "destination", PeerWasDestination);
    }

    public static Knowledge RouteLength(IReadOnlyList<LogEvent> own)
    {
        var evidence = Evidence(own, KnowledgeNames.RouteLengthProperties);
        return evidence is not null
            ? new Knowledge(true, $"its own log carries the route: {evidence}")
            : new Knowledge(false, $"none of its {own.Count} event(s) for this hash carries the route or its length");
    }

    public static Knowledge Position(LogEvent view, IReadOnlyList<LogEvent> own)
    {
        if (Role(view) == KnowledgeNames.OriginRole && view.Text(LogFields.PrevNode) is null)
        {
            return new Knowledge(true, "it had no previous hop: it sent the first HTLC, so it is first");
        }

        var evidence = Evidence(own, KnowledgeNames.PositionProperties);
        if (evidence is not null)
        {
            return new Knowledge(true, $"its own log carries the route: {evidence}");
        }

        return KnowledgeNames.IsFinal(Role(view))
            ? new Knowledge(false, "it knew it was the last hop, but nothing told it how many came before", LastButNotIndex)
            : new Knowledge(false, $"none of its {own.Count} event(s) for this hash carries the route or its place in it");
    }

    /// <summary>
    /// Whether a node's events name <paramref name="subject"/>. A mention in a property that
    /// names the node's own neighbour (PrevNode, NextNode, Peer) is a peer seen, not the
    /// subject recognized; a mention in any other property is knowledge.
    /// </summary>
    private static Knowledge AboutNode(LogEvent view, IReadOnlyList<LogEvent> own, string? subject, IReadOnlySet<string> ids, string neighbourProperty, string what, string mark)
    {
        if (subject is null)
        {
            return new Knowledge(null, $"the {what} is not in the logs, so this cannot be checked");
        }

        var mentions = Mentions(own, ids).ToList();
        var leak = mentions.FirstOrDefault(m => !KnowledgeNames.PeerProperties.Contains(m.Property));
        if (leak.Event is not null)
        {
            return new Knowledge(true, $"its own log names the {what} {subject}: {leak.Event.EventName}.{leak.Property}");
        }

        if (view.Text(neighbourProperty) == subject)
        {
            var side = neighbourProperty == LogFields.PrevNode ? "previous" : "next";
            return new Knowledge(false, $"{subject} was its {side} hop: it saw a peer, but nothing told it that peer was the {what}", mark);
        }

        return new Knowledge(false, $"none of its {own.Count} event(s) for this hash names {subject}");
    }

    /// <summary>Every property (at any depth) of these events whose text names one of <paramref name="ids"/> as a whole word.</summary>
    private static IEnumerable<(LogEvent Event, string Property)> Mentions(IReadOnlyList<LogEvent> events, IReadOnlySet<string> ids)
    {
        foreach (var e in events)
        {
            foreach (var (name, value) in e.Properties)
            {
                if (!KnowledgeNames.BookkeepingProperties.Contains(name) && Names(value, ids))
                {
                    yield return (e, name);
                }
            }
        }
    }

    private static bool Names(JsonElement value, IReadOnlySet<string> ids) => value.ValueKind switch
    {
        JsonValueKind.String => Words(value.GetString()!).Any(ids.Contains),
        JsonValueKind.Object => value.EnumerateObject().Any(p => Names(p.Value, ids)),
        JsonValueKind.Array => value.EnumerateArray().Any(v => Names(v, ids)),
        _ => false,
    };

    /// <summary>Node names are a-z, 0-9, '-' and '_' (network.json); node ids are hex: a word is a run of those.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '_');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    private static string? Evidence(IReadOnlyList<LogEvent> own, IReadOnlySet<string> properties) =>
        own.SelectMany(e => properties.Where(p => e.Properties.ContainsKey(p)).Select(p => $"{e.EventName}.{p} = {e.Text(p)}")).FirstOrDefault();

    private static string? Role(LogEvent e) => e.Text(LogFields.Role);
}
