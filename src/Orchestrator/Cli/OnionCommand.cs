using System.CommandLine;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion create|blind|peel|fail|wrap|decode-failure</c>: BOLT 4 onions and return
/// packets from the command line, for protocol debugging (as Core Lightning's
/// devtools/onion does). Each verb prints one JSON object; exit 1 when an onion is
/// refused or a failure cannot be attributed (the JSON says why), 2 on a usage error.
/// </summary>
internal static class OnionCommand
{
    public static Command Build() => new(
        "onion",
        "Build, blind, peel and decode BOLT 4 onions, blinded paths and failure packets (hex in, one JSON object out).")
    {
        OnionCreateCommand.Build(),
        OnionBlindCommand.Build(),
        OnionPeelCommand.Build(),
        OnionFailCommand.Build(),
        OnionWrapCommand.Build(),
        OnionDecodeFailureCommand.Build(),
    };
}
