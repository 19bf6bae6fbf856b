using System.Text.Json.Nodes;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>The auditor itself: it passes what relays really log and flags each kind of leak planted in an event.</summary>
public sealed class KnowledgeAuditorTests
{
    private const string Hash = "3f1c0000000000000000000000000000000000000000000000000000000000aa";

    private const string HopViewTemplate = "HopView {Role} {PaymentHash}: from {PrevNode} on {InChannel} ({AmountInMsat} msat, expiry {CltvIn}) to {NextNode} on {OutChannel} ({AmountOutMsat} msat, expiry {CltvOut}); knows origin {KnowsOrigin}, destination {KnowsDestination}, route length {KnowsRouteLength}, position {KnowsPosition}";

    private static readonly AuditedPayment Payment = new(Hash, "alice", "eve", [["alice", "bob", "carol", "dave", "eve"]]);

    private static readonly Dictionary<string, string> Ids = new(StringComparer.Ordinal)
    {
        ["alice"] = "02" + new string('a', 64),
        ["bob"] = "03" + new string('b', 64),
        ["carol"] = "02" + new string('c', 64),
        ["dave"] = "03" + new string('d', 64),
        ["eve"] = "02" + new string('e', 64),
        ["frank"] = "03" + new string('f', 64),
    };

    /// <summary>bob, carol or dave's HopView on alice-bob-carol-dave-eve, with <paramref name="extra"/> planted if given.</summary>
    private static string Relay(string node, string prev, string next, string? extra = null, JsonNode? value = null)
    {
        var view = KnowledgeLogLines.RelayView(prev, "800000x1x0", 103_030, 800_138, next, "800000x2x0", 102_020, 800_098);
        if (extra is not null)
        {
            view[extra] = value;
        }

        return KnowledgeLogLines.Event(node, "HopView", 0, view, Hash, HopViewTemplate);
    }

    /// <summary>eve's HopView as the payee, changed by <paramref name="change"/> if given.</summary>
    private static string Final(string node, string prev, string template, Action<JsonObject>? change = null)
    {
        var view = KnowledgeLogLines.FinalView(prev, "800000x4x0", 100_000, 800_018);
        change?.Invoke(view);
        return KnowledgeLogLines.Event(node, "HopView", 0, view, Hash, template);
    }

    private static string Other(string node, string template, params (string Name, JsonNode? Value)[] properties) =>
        KnowledgeLogLines.Event(node, "HtlcForwarded", 0, new JsonObject(properties.Select(p => KeyValuePair.Create(p.Name, p.Value))), Hash, template);

    private static IReadOnlyList<string> Audit(params (string Node, string Line)[] lines)
    {
        var logs = Ids.Keys.ToDictionary(n => n, n => (IReadOnlyList<string>)[.. lines.Where(l => l.Node == n).Select(l => l.Line)], StringComparer.Ordinal);
        return KnowledgeAuditor.Audit(Payment, logs, Ids, out _);
    }

    [Fact]
    public void What_relays_and_the_payee_really_log_passes_even_where_a_neighbour_is_an_end()
    {
        var findings = Audit(
            ("alice", Other("alice", "Route {Route} for {Destination} over {RouteLength} hops", ("Route", "alice -> bob -> carol -> dave -> eve"), ("Destination", "eve"), ("RouteLength", 4))),
            ("bob", Relay("bob", "alice", "carol")),
            ("carol", Relay("carol", "bob", "dave")),
            ("dave", Relay("dave", "carol", "eve")),
            ("dave", Other("dave", "Failed {PaymentHash} HTLC {HtlcId} on {Scid}: {Failure}", ("HtlcId", 3), ("Scid", "800000x4x0"), ("Failure", "malformed downstream (invalid_onion_hmac)"))),
            ("dave", Other("dave", "Timed out {PaymentHash} HTLC {HtlcId}: {Peer} did not resolve it before expiry {CltvExpiry} minus {Margin} blocks", ("Peer", "eve"), ("CltvExpiry", 800_058), ("Margin", 6))),
            ("eve", Final("eve", "dave", "HopView {Role} {PaymentHash}: from {PrevNode}")),
            ("frank", Other("frank", "Unrelated {Peer}", ("Peer", "alice")).Replace(Hash, new string('0', 64), StringComparison.Ordinal)));

        Assert.Empty(findings);
    }

    public static TheoryData<string, string, string> Leaks => new()
    {
        // A relay naming the origin, which is not its neighbour; the destination's node id.
        { "carol", Relay("carol", "bob", "dave", "From", "alice"), "the name alice" },
        { "bob", Relay("bob", "alice", "carol", "Towards", Ids["eve"]), "the node id of eve" },

        // A neighbour it never had on this payment's routes.
        { "carol", Relay("carol", "alice", "dave"), "the name alice" },

        // The route's length, a position, the route itself.
        { "bob", Relay("bob", "alice", "carol", "RouteLength", 4), "property RouteLength" },
        { "dave", Relay("dave", "carol", "eve", "Position", 3), "property Position" },
        { "carol", Other("carol", "Forwarded {PaymentHash} as hop 2 of 4"), "a position or length" },
        { "carol", Other("carol", "Forwarded {PaymentHash} on {Path}", ("Path", "bob>carol>dave")), "a route" },

        // A Knows… flag claiming more than a relay or the payee can know.
        { "bob", Relay("bob", "alice", "carol", "KnowsOrigin", true), "KnowsOrigin = true" },
        { "eve", Final("eve", "dave", "HopView {Role}", view => view["KnowsPosition"] = true), "KnowsPosition = true" },

        // A node on no route of the payment that logs it; text that tools cannot read.
        { "frank", Other("frank", "Saw {PaymentHash}"), "without being on any of its routes" },
        { "bob", "{\"PaymentHash\":\"" + Hash + "\", truncated", "not JSON" },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void A_planted_leak_is_flagged(string node, string line, string expected)
    {
        var findings = Audit((node, line));

        Assert.Contains(findings, f => f.Contains(expected, StringComparison.Ordinal) && f.StartsWith(node, StringComparison.Ordinal));
    }

    [Fact]
    public void Neighbours_are_counted_over_every_attempt_the_node_was_on()
    {
        var retried = new AuditedPayment(Hash, "alice", "eve", [["alice", "bob", "carol", "eve"], ["alice", "bob", "dave", "eve"]]);

        Assert.Equal(["alice", "bob", "carol", "dave"], KnowledgeAuditor.Neighbours(retried, "bob").Order());
        Assert.Equal(["bob", "dave", "eve"], KnowledgeAuditor.Neighbours(retried, "dave").Order());
        Assert.Equal(["carol", "dave", "eve"], KnowledgeAuditor.Neighbours(retried, "eve").Order());
    }
}
