using System.Text.Json;
using System.Text.RegularExpressions;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>One payment to audit: its hash, who paid whom, and every route the payer tried (origin first).</summary>
internal sealed record AuditedPayment(string Hash, string Origin, string Payee, IReadOnlyList<IReadOnlyList<string>> AttemptRoutes);

/// <summary>
/// The knowledge audit (issue 8): for one payment, every event of every node's log that
/// carries its payment_hash. A relay's or the payee's events may name only itself and
/// the peers it had on a route of this payment, by name or node id: never the origin
/// (unless it was the previous hop), never the destination (unless it was the next hop).
/// No property may carry the route, its length or a position, and the node's
/// <c>Knows…</c> flags must not claim more (BOLT 4: an onion layer tells a hop only
/// where to send the HTLC next). The origin's events are not restricted. A node on no
/// route of the payment must not log it at all.
/// <para>
/// Independent of the knowledge report in src/Orchestrator/Knowledge: it trusts no role
/// or flag, and reads every property, the message template and the raw line.
/// </para>
/// </summary>
internal static partial class KnowledgeAuditor
{
    /// <summary>Property names that carry the route, its length, a position or the ends of the payment.</summary>
    private static readonly string[] ForbiddenPropertyWords = ["route", "position", "hopindex", "hopcount", "destination", "origin", "payee", "payer", "length", "attempt", "failingnode"];

    private static readonly string[] ForbiddenPropertyNames = ["Hop", "Hops", "Index"];

    /// <summary>Findings (empty when the payment's events pass); <paramref name="audited"/> counts the events read.</summary>
    public static IReadOnlyList<string> Audit(
        AuditedPayment payment,
        IReadOnlyDictionary<string, IReadOnlyList<string>> logs,
        IReadOnlyDictionary<string, string> nodeIds,
        out int audited)
    {
        var findings = new List<string>();
        audited = 0;
        foreach (var (node, lines) in logs)
        {
            if (node == payment.Origin)
            {
                continue;
            }

            var allowed = Neighbours(payment, node);
            var onRoute = payment.AttemptRoutes.Any(r => r.Skip(1).Contains(node));
            foreach (var raw in lines.Where(l => l.Contains(payment.Hash, StringComparison.OrdinalIgnoreCase)))
            {
                audited++;
                if (!onRoute)
                {
                    findings.Add($"{node} logged payment {payment.Hash} without being on any of its routes: {raw}");
                }

                findings.AddRange(AuditLine(raw, allowed, nodeIds).Select(f => $"{node} ({payment.Hash[..8]}, {payment.Origin} to {payment.Payee}): {f} in {raw}"));
            }
        }

        return findings;
    }

    /// <summary>The node itself and its previous and next hop on every route of the payment it was on.</summary>
    public static HashSet<string> Neighbours(AuditedPayment payment, string node)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal) { node };
        foreach (var route in payment.AttemptRoutes)
        {
            var i = route.ToList().IndexOf(node);
            if (i > 0)
            {
                allowed.Add(route[i - 1]);
                if (i + 1 < route.Count)
                {
                    allowed.Add(route[i + 1]);
                }
            }
        }

        return allowed;
    }

    private static List<string> AuditLine(string raw, HashSet<string> allowed, IReadOnlyDictionary<string, string> nodeIds)
    {
        JsonElement line;
        try
        {
            line = JsonDocument.Parse(raw).RootElement;
        }
        catch (JsonException)
        {
            // The nodes are stopped before the audit: every line is whole, so this one cannot be read by tools either.
            return ["a line that is not JSON"];
        }

        var findings = new List<string>();
        var forbidden = nodeIds.Keys.Where(n => !allowed.Contains(n)).ToList();
        findings.AddRange(forbidden.Where(other => raw.Contains(nodeIds[other], StringComparison.OrdinalIgnoreCase)).Select(other => $"the node id of {other}"));

        // A message built by interpolation has its values in the template itself.
        var template = line.TryGetProperty("MessageTemplate", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        var values = new List<string>();
        if (line.TryGetProperty("Properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in properties.EnumerateObject().Where(p => p.Name != "EventId"))
            {
                if (IsForbiddenProperty(p.Name))
                {
                    findings.Add($"property {p.Name} = {p.Value.GetRawText()}");
                }

                if (KnowsClaim(p, properties) is { } claim)
                {
                    findings.Add(claim);
                }

                Collect(p.Value, values);
            }
        }

        foreach (var text in values.Prepend(template))
        {
            var words = Words().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            findings.AddRange(forbidden.Where(words.Contains).Select(other => $"the name {other}"));
            findings.AddRange(PositionText().Matches(text).Select(m => $"a position or length ('{m.Value}')"));
            if (text.Contains("->", StringComparison.Ordinal) || text.Contains('>', StringComparison.Ordinal))
            {
                findings.Add($"a route ('{text}')");
            }
        }

        return findings;
    }

    private static bool IsForbiddenProperty(string name) =>
        !name.StartsWith("Knows", StringComparison.Ordinal)
        && (ForbiddenPropertyNames.Contains(name, StringComparer.OrdinalIgnoreCase)
            || ForbiddenPropertyWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A Knows… flag claiming what no relay or payee can know; only the payee may know the destination.</summary>
    private static string? KnowsClaim(JsonProperty p, JsonElement properties)
    {
        if (!p.Name.StartsWith("Knows", StringComparison.Ordinal) || p.Value.ValueKind != JsonValueKind.True)
        {
            return null;
        }

        var final = properties.TryGetProperty("Role", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() == "final";
        return p.Name == "KnowsDestination" && final ? null : $"{p.Name} = true";
    }

    private static void Collect(JsonElement value, List<string> texts)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                texts.Add(value.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    Collect(item, texts);
                }

                break;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    texts.Add(member.Name);
                    Collect(member.Value, texts);
                }

                break;
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9_]+")]
    private static partial Regex Words();

    /// <summary>"hop 2", "2 hops", "2 of 4", "position 3", "length 4": a place in the route or its size written out.</summary>
    [GeneratedRegex(@"(?i)\bhops?\s*#?\d|\d+\s*hops?\b|\b\d+\s*(of|/)\s*\d+\b|\b(position|length|index)\s*[:=]?\s*\d")]
    private static partial Regex PositionText();
}
