using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// The switch's HTLC events (docs/logging.md, "Events"): forwarded, settled and failed, logged once
/// or more per payment by every node on its route, so written without the Serilog bridge
/// (<see cref="LogTemplate"/>). PaymentHash is the lock in hex (a point lock's for a PTLC); Scid the
/// channel of the HTLC, HtlcId its id on that channel.
/// </summary>
internal static class HtlcLog
{
    private static readonly LogTemplate ForwardedEvent = new(NodeLogEvents.HtlcForwarded, "Forwarded {PaymentHash} HTLC {HtlcId} on {Scid} as HTLC {OutHtlcId} on {OutScid}");
    private static readonly LogTemplate SettledEvent = new(NodeLogEvents.HtlcSettled, "Settled {PaymentHash} HTLC {HtlcId} on {Scid} ({AmountMsat} msat)");
    private static readonly LogTemplate ArrivedEvent = new(NodeLogEvents.HtlcSettled, "Settled {PaymentHash} HTLC {HtlcId} on {Scid} ({AmountMsat} msat): our payment arrived");
    private static readonly LogTemplate FailedEvent = new(NodeLogEvents.HtlcFailed, "Failed {PaymentHash} HTLC {HtlcId} on {Scid}: {Failure} ({LocalCause})");
    private static readonly LogTemplate MalformedEvent = new(NodeLogEvents.HtlcFailed, "Failed {PaymentHash} HTLC {HtlcId} on {Scid} as malformed: {Failure} ({LocalCause})");

    /// <summary>A relay offered the next hop its HTLC (<paramref name="outHtlcId"/> on <paramref name="outScid"/>) for the one it received.</summary>
    public static void Forwarded(ILogger log, string paymentHash, ulong htlcId, string scid, ulong outHtlcId, string outScid) =>
        ForwardedEvent.Write(log, paymentHash, htlcId, scid, outHtlcId, outScid);

    /// <summary>An HTLC this node received was fulfilled (the payee's, or a relay's upstream).</summary>
    public static void Settled(ILogger log, string paymentHash, ulong htlcId, string scid, ulong amountMsat) =>
        SettledEvent.Write(log, paymentHash, htlcId, scid, amountMsat);

    /// <summary>The origin's own HTLC was fulfilled: the payment arrived.</summary>
    public static void Arrived(ILogger log, string paymentHash, ulong htlcId, string scid, ulong amountMsat) =>
        ArrivedEvent.Write(log, paymentHash, htlcId, scid, amountMsat);

    /// <summary>An HTLC this node received was failed back with <paramref name="failure"/> (a BOLT 4 name, or "failed downstream").</summary>
    public static void Failed(ILogger log, string paymentHash, ulong htlcId, string scid, string failure, string localCause) =>
        FailedEvent.Write(log, paymentHash, htlcId, scid, failure, localCause);

    /// <summary>An HTLC this node received was failed back as malformed (update_fail_malformed_htlc).</summary>
    public static void FailedMalformed(ILogger log, string paymentHash, ulong htlcId, string scid, string failure, string localCause) =>
        MalformedEvent.Write(log, paymentHash, htlcId, scid, failure, localCause);
}
