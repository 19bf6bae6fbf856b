using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// What one HopView event says its node saw of one HTLC (docs/logging.md, "The HopView
/// event"): its role, the hops and channels on either side, the amounts and expiries in and
/// out. Read once here from the log fields (<see cref="LogFields"/>): the knowledge report's
/// rows (<see cref="HopKnowledge"/>) and the linkability audit's observations both hold one.
/// Fields a role does not see are null (the origin has no previous hop, the final node no next hop).
/// </summary>
internal sealed record HopView(
    string Role,
    string? PrevNode,
    string? NextNode,
    string? InChannel,
    string? OutChannel,
    ulong? AmountInMsat,
    ulong? AmountOutMsat,
    uint? CltvIn,
    uint? CltvOut)
{
    /// <summary>The role of an event that names none.</summary>
    public const string NoRole = "(none)";

    /// <summary>What this hop kept: amount in minus amount out (null unless both are known).</summary>
    public ulong? FeeMsat => AmountInMsat is { } i && AmountOutMsat is { } o && i >= o ? i - o : null;

    /// <summary>Blocks of expiry this hop kept: expiry in minus expiry out.</summary>
    public uint? CltvDelta => CltvIn is { } i && CltvOut is { } o && i >= o ? i - o : null;

    /// <summary>The view <paramref name="e"/> (a HopView event) logged.</summary>
    public static HopView Read(LogEvent e) => new(
        e.Text(LogFields.Role) ?? NoRole,
        e.Text(LogFields.PrevNode),
        e.Text(LogFields.NextNode),
        e.Text(LogFields.InChannel),
        e.Text(LogFields.OutChannel),
        e.UInt64(LogFields.AmountInMsat),
        e.UInt64(LogFields.AmountOutMsat),
        e.Block(LogFields.CltvIn),
        e.Block(LogFields.CltvOut));
}
