namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// Whether a node knew one thing about a payment, and why the report says so. Known is
/// null when the logs cannot tell (e.g. the origin's log is missing). Mark ties the cell
/// to a footnote of the report (empty when none).
/// </summary>
internal sealed record Knowledge(bool? Known, string Why, string Mark = "")
{
    public string Cell => (Known switch { true => "yes", false => "no", null => "?" }) + Mark;
}

/// <summary>
/// One node's row of the knowledge table: what its own HopView event says it saw
/// (<see cref="HopView"/>: hops, channels, amounts, expiries) and what the report derived
/// from its events about what it knew.
/// </summary>
internal sealed record HopKnowledge(
    int Position,
    string Node,
    HopView View,
    Knowledge KnewOrigin,
    Knowledge KnewDestination,
    Knowledge KnewRouteLength,
    Knowledge KnewPosition,
    int EventsForPayment);
