using LnRelay.Orchestrator.Supervision;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Tests.Web;

/// <summary>How the live map combines a node's health check with the supervisor's node.state (docs/web.md, "Node state").</summary>
public sealed class NodeStateRuleTests
{
    private static NodeStateRecord? Said(string? state) => state is null ? null : new NodeStateRecord(state, 1, DateTimeOffset.UnixEpoch);

    [Theory]
    // No supervisor: the health check alone.
    [InlineData("up", null, "up")]
    [InlineData("down", null, "down")]
    [InlineData("unknown", null, "unknown")]
    // Health fails while the supervisor restarts it: restarting, not down.
    [InlineData("down", NodeStates.Restarting, "restarting")]
    [InlineData("unknown", NodeStates.Restarting, "restarting")]
    // Back: it answers before the supervisor has written "up".
    [InlineData("up", NodeStates.Restarting, "up")]
    [InlineData("up", NodeStates.Up, "up")]
    // Stopped on request wins over what the health check sees.
    [InlineData("down", NodeStates.Stopped, "stopped")]
    [InlineData("up", NodeStates.Stopped, "stopped")]
    // The supervisor gave up, or says up while the health check fails: down.
    [InlineData("down", NodeStates.GaveUp, "down")]
    [InlineData("down", NodeStates.Up, "down")]
    public void Health_and_supervisor_state_combine(string health, string? supervisor, string expected)
    {
        Assert.Equal(expected, NodeStateRule.Combine(health, Said(supervisor)));
    }
}
