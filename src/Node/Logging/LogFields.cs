namespace LnRelay.Node.Logging;

/// <summary>
/// The property names of the node's knowledge events (docs/logging.md, "Events"): the holes of
/// the message templates the node logs with, and what readers of its JSON-lines logs (lnrelay
/// knowledge, the web view) look up. <see cref="HopViewLog"/> builds its templates from these
/// constants, so a renamed field renames both sides.
/// </summary>
public static class LogFields
{
    /// <summary>Every event: the node's name (the logger's enrichment).</summary>
    public const string Node = "Node";

    /// <summary>NodeStarted.</summary>
    public const string NodeName = "NodeName";
    public const string NodeId = "NodeId";

    /// <summary>Every event: its id and name, and the class that logged it (Serilog's own).</summary>
    public const string EventId = "EventId";
    public const string SourceContext = "SourceContext";

    /// <summary>HopView (see <see cref="HopViewLog"/>).</summary>
    public const string Role = "Role";
    public const string PaymentHash = "PaymentHash";
    public const string PrevNode = "PrevNode";
    public const string NextNode = "NextNode";
    public const string InChannel = "InChannel";
    public const string OutChannel = "OutChannel";
    public const string AmountInMsat = "AmountInMsat";
    public const string AmountOutMsat = "AmountOutMsat";
    public const string CltvIn = "CltvIn";
    public const string CltvOut = "CltvOut";
    public const string Destination = "Destination";
    public const string RouteLength = "RouteLength";
    public const string Route = "Route";
    public const string KnowsOrigin = "KnowsOrigin";
    public const string KnowsDestination = "KnowsDestination";
    public const string KnowsRouteLength = "KnowsRouteLength";
    public const string KnowsPosition = "KnowsPosition";
    public const string LockKind = "LockKind";
    public const string LockIn = "LockIn";
    public const string LockOut = "LockOut";
    public const string Locks = "Locks";

    /// <summary>The origin's HopView of a blinded payment: what it saw instead of the destination.</summary>
    public const string IntroductionNode = "IntroductionNode";
    public const string BlindedHops = "BlindedHops";
    public const string BlobLength = "BlobLength";

    /// <summary>Payment and HTLC events (RouteChosen, PaymentAttemptFailed, PaymentSucceeded, PaymentFailed, HtlcFailed, peers' events).</summary>
    public const string Peer = "Peer";
    public const string Position = "Position";
    public const string Hop = "Hop";
    public const string Attempt = "Attempt";
    public const string FeeMsat = "FeeMsat";
    public const string Payee = "Payee";
    public const string FailingNode = "FailingNode";
    public const string Failure = "Failure";
}
