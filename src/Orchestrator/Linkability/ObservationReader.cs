using System.Text.Json;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// Turns HopView log events into <see cref="LinkObservation"/>s: each colluder's own view of
/// each HTLC it took part in (docs/logging.md, "The HopView event"). An event without a
/// timestamp cannot be placed in time and is left out (the caller counts it).
/// </summary>
internal static class ObservationReader
{
    public static List<LinkObservation> Read(IEnumerable<LogEvent> events, out int unusable)
    {
        var observations = new List<LinkObservation>();
        unusable = 0;
        foreach (var e in events.Where(e => e.Is(KnowledgeNames.HopView)).OrderBy(e => e.Timestamp).ThenBy(e => e.Node, StringComparer.Ordinal).ThenBy(e => e.LineNumber))
        {
            if (e.Timestamp is not { } at)
            {
                unusable++;
                continue;
            }

            observations.Add(new LinkObservation(
                observations.Count,
                e.Node,
                at,
                HopView.Read(e),
                Identifiers(e)));
        }

        return observations;
    }

    /// <summary>The lock values one event carries (<see cref="LinkabilityNames.IdentifierProperties"/>), lowercase.</summary>
    public static List<string> Identifiers(LogEvent e) =>
        [.. LinkabilityNames.IdentifierProperties.Select(e.Text).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];

    /// <summary>The origin's list of every hop's lock: a JSON array or comma-separated text.</summary>
    public static IEnumerable<string> Locks(LogEvent e)
    {
        if (!e.Properties.TryGetValue(LinkabilityNames.Locks, out var value))
        {
            return [];
        }

        var items = value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!),
            JsonValueKind.String => value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => [],
        };
        return items.Select(v => v.Trim('"').ToLowerInvariant());
    }
}
