using System.CommandLine;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay sts listen|connect</c>: the transport and the BOLT 1 message layer by
/// hand, one JSON object per event on stdout, for checking two machines can talk.
/// </summary>
internal static class StsCommand
{
    public static Command Build()
    {
        var command = new Command(
            "sts",
            "Talk to a node over the station-to-station transport: listen for peers or dial one, " +
            "exchange init and pings, and print every event as a JSON line.")
        {
            StsListenCommand.Build(),
            StsConnectCommand.Build(),
        };
        return command;
    }
}
