using LnRelay.Orchestrator.Supervision;

namespace LnRelay.Orchestrator.Tests.Supervision;

/// <summary>DIR/NAME/node.state, the supervisor's word on a node for 'lnrelay web' (docs/supervision.md, "Node state for the web view").</summary>
public sealed class NodeStateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lnrelay-state-").FullName;

    [Theory]
    [InlineData(NodeStates.Up, 0)]
    [InlineData(NodeStates.Restarting, 3)]
    [InlineData(NodeStates.Stopped, 1)]
    [InlineData(NodeStates.GaveUp, 8)]
    public void A_state_written_reads_back_the_same(string state, int attempt)
    {
        var record = new NodeStateRecord(state, attempt, new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero));
        ControlFiles.WriteState(_dir, record);

        Assert.Equal(record, ControlFiles.ReadState(_dir));
        Assert.False(File.Exists(ControlFiles.StateFile(_dir) + ".tmp"));
    }

    [Fact]
    public void The_file_is_snake_case_json_a_script_can_read()
    {
        ControlFiles.WriteState(_dir, new NodeStateRecord(NodeStates.Restarting, 2, DateTimeOffset.UnixEpoch));

        var text = File.ReadAllText(ControlFiles.StateFile(_dir));
        Assert.Contains("\"state\": \"restarting\"", text, StringComparison.Ordinal);
        Assert.Contains("\"attempt\": 2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"state\": \"up")]
    [InlineData("not json")]
    public void A_missing_or_half_written_state_file_reads_as_none(string text)
    {
        Assert.Null(ControlFiles.ReadState(_dir));
        File.WriteAllText(ControlFiles.StateFile(_dir), text);
        Assert.Null(ControlFiles.ReadState(_dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
