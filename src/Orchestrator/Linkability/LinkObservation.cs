using System.Globalization;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// One HopView a colluder logged (docs/logging.md, "The HopView event"): what it saw of one
/// HTLC (<see cref="View"/>, read as the knowledge report reads it). <see cref="Identifiers"/> are the lock values it saw (today the payment_hash; a
/// point-locked HTLC's incoming and outgoing lock points): the identifier linker compares
/// them, the heuristic linker never reads them. Amounts and expiries are null where the
/// role does not see them (an origin has no incoming side, a payee no outgoing side).
/// </summary>
internal sealed record LinkObservation(
    int Index,
    string Node,
    DateTimeOffset At,
    HopView View,
    IReadOnlyList<string> Identifiers)
{
    /// <summary>It sent an HTLC on: it can be the upstream end of a link.</summary>
    public bool HasOutgoing => View.AmountOutMsat is not null && View.CltvOut is not null;

    /// <summary>It received an HTLC: it can be the downstream end of a link.</summary>
    public bool HasIncoming => View.AmountInMsat is not null && View.CltvIn is not null;

    public override string ToString() => $"{Node}#{Index} {View.Role} at {At:HH:mm:ss.fff}";

    /// <summary>Everything the heuristic reads, on one line: "bob relay alice>carol in msat/expiry out msat/expiry at time".</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Node} {View.Role} {View.PrevNode ?? "-"}>{View.NextNode ?? "-"} in {View.AmountInMsat?.ToString(CultureInfo.InvariantCulture) ?? "-"}/{View.CltvIn?.ToString(CultureInfo.InvariantCulture) ?? "-"} out {View.AmountOutMsat?.ToString(CultureInfo.InvariantCulture) ?? "-"}/{View.CltvOut?.ToString(CultureInfo.InvariantCulture) ?? "-"} at {At:HH:mm:ss.fff}");
}

/// <summary>
/// A link a linker claims: two observations at different colluders belong to the same
/// payment. <see cref="Upstream"/> is the observation nearer the payer when the linker knows
/// the direction (the heuristic does; the identifier linker orders by time). <see cref="GapHops"/>
/// is how many honest hops the heuristic assumed between them (0: adjacent; null for identifier links).
/// </summary>
internal sealed record LinkClaim(LinkObservation Upstream, LinkObservation Downstream, int? GapHops)
{
    /// <summary>The unordered pair, for set arithmetic when scoring.</summary>
    public (int, int) Key => Upstream.Index < Downstream.Index ? (Upstream.Index, Downstream.Index) : (Downstream.Index, Upstream.Index);
}
