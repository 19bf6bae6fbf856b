using LnRelay.Orchestrator.Supervision;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// What the live map calls a node (docs/web.md, "Node state"): its own GET /v1/health
/// combined with what the supervisor of 'lnrelay up' wrote in DIR/NAME/node.state.
/// A stop asked for wins ("stopped"); a node that answers is "up"; one that does not is
/// "restarting" while the supervisor restarts it, else "down".
/// </summary>
internal static class NodeStateRule
{
    // Where the map and the supervisor share a word, it is the same word (docs/web.md, "Node state").
    public const string Up = NodeStates.Up;
    public const string Down = "down";
    public const string Restarting = NodeStates.Restarting;
    public const string Stopped = NodeStates.Stopped;
    public const string Unknown = "unknown";

    /// <param name="health">"up", "down" or "unknown" from the health check.</param>
    /// <param name="supervisor">The node.state record, or null when no supervisor wrote one.</param>
    public static string Combine(string health, NodeStateRecord? supervisor) => (health, supervisor?.State) switch
    {
        (_, NodeStates.Stopped) => Stopped,
        (Up, _) => Up,
        (_, NodeStates.Restarting) => Restarting,
        (Unknown, _) => Unknown,
        _ => Down,
    };
}
