using Microsoft.Extensions.Logging;
using static LnRelay.Node.Logging.LogFields;

namespace LnRelay.Node.Logging;

/// <summary>
/// The HopView event: what one node saw of one HTLC and what it cannot know. A relay
/// sees its previous and next peer, both channels, amounts and expiries, and the
/// payment_hash; nothing in a BOLT 4 onion layer tells it the origin, the destination,
/// the route's length or its position in it. The final node knows it is the
/// destination and sees its previous peer only. Only the origin knows the whole route.
/// Properties: Role, PaymentHash, PrevNode, NextNode, InChannel, OutChannel,
/// AmountInMsat, AmountOutMsat, CltvIn, CltvOut, KnowsOrigin, KnowsDestination,
/// KnowsRouteLength, KnowsPosition, and the lock as a generic identifier (docs/ptlc.md):
/// LockKind ("hash" or "point"), LockIn (the lock of the HTLC this hop received: relays and
/// the payee), LockOut (the lock of the HTLC it sent: relays and the origin; the same as LockIn
/// for a hash), Locks (the origin: every hop's lock, L_1 … L_n, comma-separated; for a hash, the hash).
/// For a point-locked payment a relay's and the payee's PaymentHash carries their LockIn (there is
/// no shared hash); the origin's carries the payment's key, the payee point Z, which only it and
/// the payee know.
/// Written without the Serilog bridge (<see cref="LogTemplate"/>): once per node per payment.
/// </summary>
public static class HopViewLog
{
    /// <summary>The Role property's values; readers of the log (lnrelay knowledge) match on these.</summary>
    public const string OriginRole = "origin";
    public const string RelayRole = "relay";
    public const string FinalRole = "final";

    /// <summary>Route blinding's roles (docs/blinded-paths.md, "The roles, and what each knows").</summary>
    public const string IntroductionRole = "introduction";
    public const string BlindedRelayRole = "blinded_relay";
    public const string BlindedFinalRole = "blinded_final";

    /// <summary>The LockKind property's values.</summary>
    public const string HashLock = "hash";
    public const string PointLock = "point";

    /// <summary>A lock's kind from its length: 33 bytes is a point, anything else a payment_hash.</summary>
    internal static string KindOf(byte[] lockBytes) => lockBytes.Length == Sphinx.Ptlc.PointLock.Size ? PointLock : HashLock;

    private static readonly LogTemplate RelayView = new(
        NodeLogEvents.HopView,
        $"HopView {{{Role}}} {{{PaymentHash}}}: from {{{PrevNode}}} on {{{InChannel}}} ({{{AmountInMsat}}} msat, expiry {{{CltvIn}}}) to {{{NextNode}}} on {{{OutChannel}}} ({{{AmountOutMsat}}} msat, expiry {{{CltvOut}}}); knows origin {{{KnowsOrigin}}}, destination {{{KnowsDestination}}}, route length {{{KnowsRouteLength}}}, position {{{KnowsPosition}}}; {{{LockKind}}} lock {{{LockIn}}} in, {{{LockOut}}} out");

    private static readonly LogTemplate FinalView = new(
        NodeLogEvents.HopView,
        $"HopView {{{Role}}} {{{PaymentHash}}}: from {{{PrevNode}}} on {{{InChannel}}} ({{{AmountInMsat}}} msat, expiry {{{CltvIn}}}); the payment ends here; knows origin {{{KnowsOrigin}}}, destination {{{KnowsDestination}}}, route length {{{KnowsRouteLength}}}, position {{{KnowsPosition}}}; {{{LockKind}}} lock {{{LockIn}}}");

    private static readonly LogTemplate OriginView = new(
        NodeLogEvents.HopView,
        $"HopView {{{Role}}} {{{PaymentHash}}}: to {{{NextNode}}} on {{{OutChannel}}} ({{{AmountOutMsat}}} msat, expiry {{{CltvOut}}}) for {{{Destination}}} over {{{RouteLength}}} hops ({{{Route}}}); knows origin {{{KnowsOrigin}}}, destination {{{KnowsDestination}}}, route length {{{KnowsRouteLength}}}, position {{{KnowsPosition}}}; {{{LockKind}}} lock {{{LockOut}}}; hop locks {{{Locks}}}");

    private static readonly LogTemplate BlindedOriginView = new(
        NodeLogEvents.HopView,
        $"HopView {{{Role}}} {{{PaymentHash}}}: to {{{NextNode}}} on {{{OutChannel}}} ({{{AmountOutMsat}}} msat, expiry {{{CltvOut}}}) for {{{Destination}}} over {{{RouteLength}}} hops ({{{Route}}}, then {{{BlindedHops}}} blinded hops from {{{IntroductionNode}}}, blobs of {{{BlobLength}}} bytes); knows origin {{{KnowsOrigin}}}, destination {{{KnowsDestination}}}, route length {{{KnowsRouteLength}}}, position {{{KnowsPosition}}}; {{{LockKind}}} lock {{{LockOut}}}");

    internal static void Relay(ILogger log, string paymentHash, string prevNode, string inChannel, ulong amountIn, uint cltvIn, string nextNode, string outChannel, ulong amountOut, uint cltvOut, string role = RelayRole, string lockKind = HashLock, string? lockOut = null) =>
        RelayView.Write(log, role, paymentHash, prevNode, inChannel, amountIn, cltvIn, nextNode, outChannel, amountOut, cltvOut, false, false, false, false, lockKind, paymentHash, lockOut ?? paymentHash);

    internal static void Final(ILogger log, string paymentHash, string prevNode, string inChannel, ulong amountIn, uint cltvIn, string role = FinalRole, string lockKind = HashLock) =>
        FinalView.Write(log, role, paymentHash, prevNode, inChannel, amountIn, cltvIn, false, true, false, false, lockKind, paymentHash);

    internal static void Origin(ILogger log, string paymentHash, string nextNode, string outChannel, ulong amountOut, uint cltvOut, string destination, int routeLength, string route, string lockKind = HashLock, string? lockOut = null, string? locks = null) =>
        OriginView.Write(log, OriginRole, paymentHash, nextNode, outChannel, amountOut, cltvOut, destination, routeLength, route, true, true, true, true, lockKind, lockOut ?? paymentHash, locks ?? lockOut ?? paymentHash);

    /// <summary>
    /// The origin of a payment through a blinded path: it knows the route to the introduction
    /// node, the number of blinded hops and their blobs' one length, never the payee, so
    /// KnowsDestination is false and the destination is "blinded (intro N, k hops)". The
    /// route length counts the blinded hops the payer saw (dummies included).
    /// </summary>
    internal static void BlindedOrigin(ILogger log, string paymentHash, string nextNode, string outChannel, ulong amountOut, uint cltvOut, string destination, int routeLength, string route, string introduction, int blindedHops, int blobLength) =>
        BlindedOriginView.Write(log, OriginRole, paymentHash, nextNode, outChannel, amountOut, cltvOut, destination, routeLength, route, blindedHops, introduction, blobLength, true, false, true, true, HashLock, paymentHash);
}
