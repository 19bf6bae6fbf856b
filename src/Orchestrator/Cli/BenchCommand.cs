using System.CommandLine;
using LnRelay.Orchestrator.Bench;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Cli;

/// <summary><c>lnrelay bench ...</c>: in-process measurements; <c>bench onion</c> is the Sphinx one, <c>bench network</c> a whole network's.</summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var json = new Option<bool>("--json")
        {
            Description = "End with one JSON line of the figures (microseconds, bytes).",
        };
        var onion = new Command(
            "onion",
            "Median cost of onion peel, 5- and 20-hop build, failure create/wrap/decode, bytes allocated per peel, " +
            "and the same native calls made bare (the floor), measured after warm-up in this process.")
        {
            json,
        };
        onion.SetAction(parse => RunOnion(parse.GetValue(json)));
        return new Command("bench", "Measure lnrelay on this machine: its onion operations (bench onion) and a whole network in this process (bench network).")
        {
            onion,
            BenchNetworkCommand.Build(),
            BenchShardCommand.Build(),
        };
    }

    private static int RunOnion(bool json)
    {
        var report = BenchOnion.Measure();
        foreach (var line in report.Lines)
        {
            Console.Out.WriteLine(line);
        }

        if (json)
        {
            JsonOutput.WriteLine(report.Figures);
        }

        return ExitCodes.Success;
    }
}
