namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// The event and property names the report reads. They are the node's log contract
/// (src/Node/Logging/NodeLogEvents.cs and HopViewLog.cs, described in docs/logging.md);
/// the report reads them from files, so it names them here rather than linking the node.
/// </summary>
internal static class KnowledgeNames
{
    public const string HopView = "HopView";
    public const string NodeStarted = "NodeStarted";
    public const string PaymentSucceeded = "PaymentSucceeded";
    public const string PaymentFailed = "PaymentFailed";
    public const string HtlcSettled = "HtlcSettled";
    public const string HtlcFailed = "HtlcFailed";

    public const string Node = "Node";
    public const string NodeName = "NodeName";
    public const string NodeId = "NodeId";
    public const string EventId = "EventId";
    public const string PaymentHash = "PaymentHash";
    public const string Role = "Role";
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
    public const string Failure = "Failure";
    public const string KnowsOrigin = "KnowsOrigin";
    public const string KnowsDestination = "KnowsDestination";
    public const string KnowsRouteLength = "KnowsRouteLength";
    public const string KnowsPosition = "KnowsPosition";

    public const string OriginRole = "origin";
    public const string RelayRole = "relay";
    public const string FinalRole = "final";

    /// <summary>Properties that name a node's own neighbour: seeing a peer, not learning who it is in the route.</summary>
    public static readonly IReadOnlySet<string> PeerProperties = new HashSet<string>(StringComparer.Ordinal) { PrevNode, NextNode, "Peer" };

    /// <summary>Properties that would tell a node the route's length or its place in it.</summary>
    public static readonly IReadOnlySet<string> RouteShapeProperties = new HashSet<string>(StringComparer.Ordinal) { RouteLength, Route, "Position", "Hop" };

    /// <summary>Properties every event carries (or that belong to the event's own bookkeeping): never evidence of knowledge.</summary>
    public static readonly IReadOnlySet<string> BookkeepingProperties = new HashSet<string>(StringComparer.Ordinal) { Node, EventId, "SourceContext", KnowsOrigin, KnowsDestination, KnowsRouteLength, KnowsPosition, Role };
}
