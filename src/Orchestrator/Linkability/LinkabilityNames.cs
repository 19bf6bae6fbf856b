using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// The HopView properties the audit reads as identifiers (docs/privacy.md, "Identifiers"):
/// any lock value a hop saw. Today every HTLC carries its payment_hash; a point-locked HTLC
/// logs its incoming and outgoing lock points under <see cref="LockIn"/> and
/// <see cref="LockOut"/>, and the payer's origin HopView lists every hop's lock under
/// <see cref="Locks"/> so that the truth knows which locks belong to one payment.
/// </summary>
internal static class LinkabilityNames
{
    public const string LockIn = "LockIn";
    public const string LockOut = "LockOut";

    /// <summary>On the origin's HopView only: every lock of the route (comma-separated, or a JSON array), for the truth.</summary>
    public const string Locks = "Locks";

    /// <summary>Every property whose value is a lock one hop saw, in the order read.</summary>
    public static readonly IReadOnlyList<string> IdentifierProperties = [KnowledgeNames.PaymentHash, LockIn, LockOut];
}
