using System.CommandLine;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// The <c>lnrelay</c> command line: one root command, one file per verb group.
/// Exit codes are shared by every verb: 0 success, 1 the operation was refused
/// or failed (the output says why), 2 a usage error.
/// </summary>
internal static class LnRelayCli
{
    internal static RootCommand Build()
    {
        var root = new RootCommand(
            "lnrelay: a simulated Lightning relay network with real TCP, a station-to-station " +
            "encrypted transport and real BOLT 4 onions.");
        return root;
    }

    internal static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();
}
