using LnRelay.Node.Logging;
using static LnRelay.Node.Logging.LogFields;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// The event and property names the report reads: the node's log contract (docs/logging.md).
/// Event names, property names and HopView roles come from the node's own definitions
/// (NodeLogEvents, LogFields, HopViewLog), the same constants the node builds its message
/// templates from, so a renamed field breaks the build or renames both sides, never only one.
/// </summary>
internal static class KnowledgeNames
{
    public static readonly string HopView = NodeLogEvents.HopView.Name!;
    public static readonly string NodeStarted = NodeLogEvents.NodeStarted.Name!;
    public static readonly string PaymentSucceeded = NodeLogEvents.PaymentSucceeded.Name!;
    public static readonly string PaymentFailed = NodeLogEvents.PaymentFailed.Name!;
    public static readonly string HtlcSettled = NodeLogEvents.HtlcSettled.Name!;
    public static readonly string HtlcFailed = NodeLogEvents.HtlcFailed.Name!;

    public const string PointLock = HopViewLog.PointLock;

    public const string OriginRole = HopViewLog.OriginRole;
    public const string RelayRole = HopViewLog.RelayRole;
    public const string FinalRole = HopViewLog.FinalRole;

    /// <summary>Route blinding's roles (docs/blinded-paths.md): the introduction node and blinded relays relay, the blinded final node receives.</summary>
    public const string IntroductionRole = HopViewLog.IntroductionRole;
    public const string BlindedRelayRole = HopViewLog.BlindedRelayRole;
    public const string BlindedFinalRole = HopViewLog.BlindedFinalRole;

    /// <summary>Where the payment ended: role final, or blinded_final at the end of a blinded path.</summary>
    public static bool IsFinal(string? role) => role is FinalRole or BlindedFinalRole;

    /// <summary>A hop that relayed: relay, or inside a blinded path introduction or blinded_relay.</summary>
    public static bool IsRelay(string? role) => role is RelayRole or IntroductionRole or BlindedRelayRole;

    /// <summary>Properties that name a node's own neighbour: seeing a peer, not learning who it is in the route.</summary>
    public static readonly IReadOnlySet<string> PeerProperties = new HashSet<string>(StringComparer.Ordinal) { PrevNode, NextNode, Peer };

    /// <summary>Properties that would tell a node the route's length (the route itself, or its length).</summary>
    public static readonly IReadOnlySet<string> RouteLengthProperties = new HashSet<string>(StringComparer.Ordinal) { RouteLength, Route };

    /// <summary>Properties that would tell a node its place in the route (the route itself, or an index into it).</summary>
    public static readonly IReadOnlySet<string> PositionProperties = new HashSet<string>(StringComparer.Ordinal) { Route, Position, Hop };

    /// <summary>Properties every event carries (or that belong to the event's own bookkeeping): never evidence of knowledge.</summary>
    public static readonly IReadOnlySet<string> BookkeepingProperties = new HashSet<string>(StringComparer.Ordinal) { LogFields.Node, EventId, SourceContext, KnowsOrigin, KnowsDestination, KnowsRouteLength, KnowsPosition, Role };
}
