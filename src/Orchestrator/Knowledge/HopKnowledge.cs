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
/// (hops, channels, amounts, expiries) and what the report derived from its events
/// about what it knew. Fields a role does not see are null (the origin has no previous
/// hop, the final node no next hop).
/// </summary>
internal sealed record HopKnowledge(
    int Position,
    string Node,
    string Role,
    string? PrevNode,
    string? NextNode,
    string? InChannel,
    string? OutChannel,
    ulong? AmountInMsat,
    ulong? AmountOutMsat,
    uint? CltvIn,
    uint? CltvOut,
    Knowledge KnewOrigin,
    Knowledge KnewDestination,
    Knowledge KnewRouteLength,
    Knowledge KnewPosition,
    int EventsForPayment)
{
    /// <summary>What this hop kept: amount in minus amount out (null unless both are known).</summary>
    public ulong? FeeMsat => AmountInMsat is { } i && AmountOutMsat is { } o && i >= o ? i - o : null;

    /// <summary>Blocks of expiry this hop kept: expiry in minus expiry out.</summary>
    public uint? CltvDelta => CltvIn is { } i && CltvOut is { } o && i >= o ? i - o : null;
}
