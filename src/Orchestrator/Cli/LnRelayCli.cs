using System.CommandLine;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// The <c>lnrelay</c> command line: one root command, one file per verb group.
/// Exit codes are shared by every verb (<see cref="ExitCodes"/>): 0 success,
/// 1 refused or failed (the output says why), 2 a usage error.
/// </summary>
internal static class LnRelayCli
{
    internal static RootCommand Build()
    {
        var root = new RootCommand(
            "lnrelay: a simulated Lightning relay network with real TCP, a station-to-station " +
            "encrypted transport and real BOLT 4 onions.");
        // Verb groups register here, one line each.
        root.Subcommands.Add(OnionCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(KeygenCommand.Build());
        root.Subcommands.Add(StsCommand.Build());
        root.Subcommands.Add(InitCommand.Build());
        root.Subcommands.Add(UpCommand.Build());
        root.Subcommands.Add(PayCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(KnowledgeCommand.Build());
        root.Subcommands.Add(ComposeCommand.Build());
        root.Subcommands.Add(TopologyCommand.Build());
        root.Subcommands.Add(K8sCommand.Build());
        root.Subcommands.Add(NodeCommand.Build());
        root.Subcommands.Add(AuditCommand.Build());
        root.Subcommands.Add(ChaosCommand.Build());
        root.Subcommands.Add(ExperimentCommand.Build());
        root.Subcommands.Add(ChainCommand.Build());
        root.Subcommands.Add(ChannelCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(WebCommand.Build());
        return root;
    }

    internal static async Task<int> RunAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await error.WriteLineAsync($"lnrelay: {e.Message}");
            }

            await error.WriteLineAsync("Run 'lnrelay --help' (or 'lnrelay VERB --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            // Our own handler: a UsageException is exit 2 with its message, not a stack trace.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"lnrelay: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Crypto.CryptoUnavailableException e)
        {
            // A machine without the native libraries: one line that says what to install.
            await error.WriteLineAsync($"lnrelay: {e.Message}");
            return ExitCodes.Refused;
        }
    }
}
