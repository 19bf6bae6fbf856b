using System.CommandLine;
using LnRelay.Orchestrator.Bench;

namespace LnRelay.Orchestrator.Cli;

/// <summary><c>lnrelay bench shard</c>: a child process of <c>bench network --processes</c> (<see cref="ShardWorker"/>); hidden, not for people.</summary>
internal static class BenchShardCommand
{
    public static Command Build()
    {
        var dir = new Option<string>("--dir") { Description = "The network folder.", Required = true };
        var first = new Option<int>("--first") { Description = "The first node of this shard, by its place in the network file (from 0).", Required = true };
        var count = new Option<int>("--count") { Description = "How many nodes this shard hosts.", Required = true };
        var inMemory = new Option<bool>("--in-memory") { Description = "The nodes keep no store." };
        var sync = new Option<string>("--sync") { Description = "The stores' sync level: full or normal (bench network --sync).", DefaultValueFactory = _ => "full" };
        var command = new Command("shard", "A child process of 'bench network --processes': hosts a shard of a network's nodes and serves the benchmark over stdin and stdout (one JSON object a line).")
        {
            dir,
            first,
            count,
            inMemory,
            sync,
        };
        command.Hidden = true;
        command.SetAction((parse, ct) => ShardWorker.RunAsync(parse.GetValue(dir)!, parse.GetValue(first), parse.GetValue(count), parse.GetValue(inMemory), BenchNetworkOptions.ParseSync(parse.GetValue(sync)!), ct));
        return command;
    }
}
