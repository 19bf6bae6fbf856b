using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// The HopView event: what one node saw of one HTLC and what it cannot know. A relay
/// sees its previous and next peer, both channels, amounts and expiries, and the
/// payment_hash; nothing in a BOLT 4 onion layer tells it the origin, the destination,
/// the route's length or its position in it. The final node knows it is the
/// destination and sees its previous peer only. Only the origin knows the whole route.
/// Properties: Role, PaymentHash, PrevNode, NextNode, InChannel, OutChannel,
/// AmountInMsat, AmountOutMsat, CltvIn, CltvOut, KnowsOrigin, KnowsDestination,
/// KnowsRouteLength, KnowsPosition.
/// </summary>
internal static class HopViewLog
{
    /// <summary>The Role property's values; readers of the log (lnrelay knowledge) match on these.</summary>
    public const string OriginRole = "origin";
    public const string RelayRole = "relay";
    public const string FinalRole = "final";

    /// <summary>Route blinding's roles (docs/blinded-paths.md, "The roles, and what each knows").</summary>
    public const string IntroductionRole = "introduction";
    public const string BlindedRelayRole = "blinded_relay";
    public const string BlindedFinalRole = "blinded_final";

    public static void Relay(ILogger log, string paymentHash, string prevNode, string inChannel, ulong amountIn, uint cltvIn, string nextNode, string outChannel, ulong amountOut, uint cltvOut, string role = RelayRole) =>
        log.LogInformation(
            NodeLogEvents.HopView,
            "HopView {Role} {PaymentHash}: from {PrevNode} on {InChannel} ({AmountInMsat} msat, expiry {CltvIn}) to {NextNode} on {OutChannel} ({AmountOutMsat} msat, expiry {CltvOut}); knows origin {KnowsOrigin}, destination {KnowsDestination}, route length {KnowsRouteLength}, position {KnowsPosition}",
            role, paymentHash, prevNode, inChannel, amountIn, cltvIn, nextNode, outChannel, amountOut, cltvOut, false, false, false, false);

    public static void Final(ILogger log, string paymentHash, string prevNode, string inChannel, ulong amountIn, uint cltvIn, string role = FinalRole) =>
        log.LogInformation(
            NodeLogEvents.HopView,
            "HopView {Role} {PaymentHash}: from {PrevNode} on {InChannel} ({AmountInMsat} msat, expiry {CltvIn}); the payment ends here; knows origin {KnowsOrigin}, destination {KnowsDestination}, route length {KnowsRouteLength}, position {KnowsPosition}",
            role, paymentHash, prevNode, inChannel, amountIn, cltvIn, false, true, false, false);

    public static void Origin(ILogger log, string paymentHash, string nextNode, string outChannel, ulong amountOut, uint cltvOut, string destination, int routeLength, string route) =>
        log.LogInformation(
            NodeLogEvents.HopView,
            "HopView {Role} {PaymentHash}: to {NextNode} on {OutChannel} ({AmountOutMsat} msat, expiry {CltvOut}) for {Destination} over {RouteLength} hops ({Route}); knows origin {KnowsOrigin}, destination {KnowsDestination}, route length {KnowsRouteLength}, position {KnowsPosition}",
            OriginRole, paymentHash, nextNode, outChannel, amountOut, cltvOut, destination, routeLength, route, true, true, true, true);

    /// <summary>
    /// The origin of a payment through a blinded path: it knows the route to the introduction
    /// node, the number of blinded hops and their blobs' one length, never the payee, so
    /// KnowsDestination is false and the destination is "blinded (intro N, k hops)". The
    /// route length counts the blinded hops the payer saw (dummies included).
    /// </summary>
    public static void BlindedOrigin(ILogger log, string paymentHash, string nextNode, string outChannel, ulong amountOut, uint cltvOut, string destination, int routeLength, string route, string introduction, int blindedHops, int blobLength) =>
        log.LogInformation(
            NodeLogEvents.HopView,
            "HopView {Role} {PaymentHash}: to {NextNode} on {OutChannel} ({AmountOutMsat} msat, expiry {CltvOut}) for {Destination} over {RouteLength} hops ({Route}, then {BlindedHops} blinded hops from {IntroductionNode}, blobs of {BlobLength} bytes); knows origin {KnowsOrigin}, destination {KnowsDestination}, route length {KnowsRouteLength}, position {KnowsPosition}",
            OriginRole, paymentHash, nextNode, outChannel, amountOut, cltvOut, destination, routeLength, route, blindedHops, introduction, blobLength, true, false, true, true);
}
