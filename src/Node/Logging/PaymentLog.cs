using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// The payer's events for a single-part payment (docs/logging.md, "Events"): the route of each
/// attempt, an attempt's failure, and the payment's end, once or more per payment, so written
/// without the Serilog bridge (<see cref="LogTemplate"/>). A failure at this node itself names
/// "(us)" as the failing node.
/// </summary>
internal static class PaymentLog
{
    private const string Us = "(us)";

    private static readonly LogTemplate AttemptEvent = new(NodeLogEvents.RouteChosen, "Attempt {Attempt} for {PaymentHash}: route {Route}, fee {FeeMsat} msat");
    private static readonly LogTemplate SucceededEvent = new(NodeLogEvents.PaymentSucceeded, "Payment {PaymentHash} to {Payee} succeeded over {Route} after {Attempts} attempt(s), fee {FeeMsat} msat");
    private static readonly LogTemplate AttemptFailedHereEvent = new(NodeLogEvents.PaymentAttemptFailed, "Attempt {Attempt} for {PaymentHash} failed at hop {Hop} ({FailingNode}): {Failure} ({LocalCause})");
    private static readonly LogTemplate AttemptFailedEvent = new(NodeLogEvents.PaymentAttemptFailed, "Attempt {Attempt} for {PaymentHash} failed at hop {Hop} ({FailingNode}): {Failure}");
    private static readonly LogTemplate FailedEvent = new(NodeLogEvents.PaymentFailed, "Payment {PaymentHash} to {Payee} failed: {Failure} at hop {Hop} ({FailingNode}) after {Attempts} attempt(s)");

    public static void Attempt(ILogger log, int attempt, string paymentHash, string route, ulong feeMsat) =>
        AttemptEvent.Write(log, attempt, paymentHash, route, feeMsat);

    public static void Succeeded(ILogger log, string paymentHash, string payee, string route, int attempts, ulong feeMsat) =>
        SucceededEvent.Write(log, paymentHash, payee, route, attempts, feeMsat);

    /// <summary>An attempt that failed; a failure this node decided itself (<paramref name="localCause"/>) names it.</summary>
    public static void AttemptFailed(ILogger log, int attempt, string paymentHash, int hop, string? failingNode, string failure, string? localCause)
    {
        if (localCause is not null)
        {
            AttemptFailedHereEvent.Write(log, attempt, paymentHash, hop, Us, failure, localCause);
            return;
        }

        AttemptFailedEvent.Write(log, attempt, paymentHash, hop, failingNode ?? Us, failure);
    }

    public static void Failed(ILogger log, string paymentHash, string payee, string failure, int hop, string? failingNode, int attempts) =>
        FailedEvent.Write(log, paymentHash, payee, failure, hop, failingNode ?? Us, attempts);
}
