using System.Text.Json;

namespace LnRelay.Node.Payments;

/// <summary>
/// What kind of failure ended a payment attempt, as the payer names it. A hop's BOLT 4
/// failure message is one kind (its name is the wire code's); the others never had a code on
/// the wire, and their snake_case names are the <c>failure.name</c> of the API
/// (docs/control-api.md).
/// </summary>
public enum PaymentFailureKind
{
    /// <summary>A hop answered with a BOLT 4 failure message (or update_fail_malformed_htlc): the code says which.</summary>
    HopFailure,

    /// <summary>A payment with this hash is already in flight or succeeded.</summary>
    DuplicatePayment,

    /// <summary>No route to the payee fits, or none is left after excluding what failed.</summary>
    NoRoute,

    /// <summary>The route's hop payloads do not fit the 1300-byte onion (BOLT 4 "Packet Structure").</summary>
    OnionTooLarge,

    /// <summary>The HTLC never left this node, or this node timed it out (the local cause says why).</summary>
    LocalFailure,

    /// <summary>The first peer fulfilled with a preimage that does not hash to the payment_hash.</summary>
    WrongPreimage,

    /// <summary>No hop's shared secret opens the failure packet, so no hop can be blamed.</summary>
    UnreadableFailure,

    /// <summary>The failure packet opened at a hop, but the failure message inside it does not decode.</summary>
    MalformedFailureMessage,

    /// <summary>The node stopped while the payment had no HTLC in flight: nothing of it is on the network (docs/store.md, "Recovery").</summary>
    InterruptedByRestart,

    /// <summary>The node restarted while the payment's HTLC was in flight, and that HTLC then failed; its failure is not decoded (docs/store.md, "Recovery").</summary>
    FailedAfterRestart,

    /// <summary>Every route (or every split into parts) pays more fees than the payment's fee limit allows (docs/mpp.md).</summary>
    FeeLimit,

    /// <summary>Covering the amount would take more parts than the payment's part limit allows (docs/mpp.md).</summary>
    PartLimit,

    /// <summary>The payment's deadline passed before its parts covered the amount; no new part is sent after it (docs/mpp.md).</summary>
    DeadlinePassed,
}

/// <summary>The API names of <see cref="PaymentFailureKind"/> values.</summary>
internal static class PaymentFailureKindNames
{
    private static readonly Dictionary<string, PaymentFailureKind> ByName =
        Enum.GetValues<PaymentFailureKind>().Where(k => k != PaymentFailureKind.HopFailure).ToDictionary(k => k.Name(), StringComparer.Ordinal);

    /// <summary>The snake_case name, e.g. <c>no_route</c> (a hop failure is named by its wire code instead).</summary>
    public static string Name(this PaymentFailureKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    /// <summary>The kind a failure read back from the API has: a wire code makes it a hop failure, else its name says.</summary>
    public static PaymentFailureKind Of(int code, string name) =>
        code == PaymentFailure.NoWireCode && ByName.TryGetValue(name, out var kind) ? kind : PaymentFailureKind.HopFailure;
}
