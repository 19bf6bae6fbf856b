using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// The HopView properties the audit reads as identifiers (docs/privacy.md, "Identifiers"):
/// any lock value a hop saw. Today every HTLC carries its payment_hash; with lock fields
/// (docs/logging.md) a hop logs the lock of the HTLC it received as <see cref="LockIn"/> (also
/// read under the name <see cref="Lock"/>) and a relay or origin the lock it sent as
/// <see cref="LockOut"/> (the same value for a hash lock, a different point for a point lock), and the payer's origin
/// HopView lists every hop's lock under <see cref="Locks"/> so that the truth knows which locks
/// belong to one payment.
/// </summary>
internal static class LinkabilityNames
{
    public const string LockIn = "LockIn";

    public const string Lock = "Lock";
    public const string LockOut = "LockOut";

    /// <summary>"hash" or "point": the kind of lock the hop saw (absent: hash).</summary>
    public const string LockKind = "LockKind";

    /// <summary>On the origin's HopView only: every lock of the route (comma-separated, or a JSON array), for the truth.</summary>
    public const string Locks = "Locks";

    /// <summary>Every property whose value is a lock one hop saw, in the order read.</summary>
    public static readonly IReadOnlyList<string> IdentifierProperties = [LogFields.PaymentHash, LockIn, Lock, LockOut];
}
