using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LnRelay.Chain.Blocks;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.OnChain;
using LnRelay.Orchestrator.Rendering;
using Microsoft.Extensions.Logging;
using NBitcoin.RPC;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay chain info|mine|serve</c>: the network's regtest chain (docs/chain.md). info and
/// mine talk to the running chain service over its Bitcoin Core JSON-RPC; serve runs the
/// service on its own (docker compose's chain container).
/// </summary>
internal static class ChainCommand
{
    public static Command Build()
    {
        var command = new Command("chain", "The network's regtest chain: its tip and channels (info), blocks on demand (mine), the chain service on its own (serve). docs/chain.md.");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Mine());
        command.Subcommands.Add(Serve());
        return command;
    }

    private static Command Info()
    {
        var dir = SharedOptions.Dir("The network folder.");
        var json = new Option<bool>("--json") { Description = "One JSON object on stdout instead of the table." };
        var command = new Command("info", "Print the chain's height and tip, and each channel's funding output: confirmations, or the transaction that spent it.\nExample: lnrelay chain info --dir ./net") { dir, json };
        command.SetAction(async (parse, ct) => await InfoAsync(Folder(parse.GetValue(dir)!), parse.GetValue(json), ct));
        return command;
    }

    private static Command Mine()
    {
        var count = new Argument<int>("N") { Description = "How many blocks to mine now (1 to 10000).", DefaultValueFactory = _ => 1 };
        var dir = SharedOptions.Dir("The network folder.");
        var json = new Option<bool>("--json") { Description = "One JSON object on stdout: the new height and the blocks' hashes." };
        var command = new Command(
            "mine",
            "Mine N blocks now on the running chain (generatetoaddress, paying the network's miner key), with any transaction waiting, " +
            "e.g. to move HTLC expiries or confirm a close. The nodes see them within a second.\nExample: lnrelay chain mine 6 --dir ./net")
        {
            count,
            dir,
            json,
        };
        command.SetAction(async (parse, ct) => await MineAsync(Folder(parse.GetValue(dir)!), parse.GetValue(count), parse.GetValue(json), ct));
        return command;
    }

    private static Command Serve()
    {
        var dir = SharedOptions.Dir("The network folder (with chain.blocks and chain-rpc.credentials from 'lnrelay init').");
        var bind = new Option<string>("--bind")
        {
            Description = "The address the RPC listens on (its port is network.json's rpc_url's). 0.0.0.0 in a container.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var command = new Command(
            "serve",
            "Run the chain service alone until Ctrl+C: the Bitcoin Core JSON-RPC subset the nodes follow, a block every block_interval_seconds, " +
            "blocks appended to DIR/chain.blocks. 'lnrelay up' hosts it itself; this is for one container per service (docker compose).\n" +
            "Example: lnrelay chain serve --dir /net --bind 0.0.0.0")
        {
            dir,
            bind,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                throw new UsageException($"--bind: '{parse.GetValue(bind)}' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 in a container).");
            }

            using var stop = StopSignal.Create(ct);
            return await ServeAsync(Folder(parse.GetValue(dir)!), address, stop.Token);
        });
        return command;
    }

    private static NetworkFolder Folder(string dir) =>
        NetworkFolder.Load(dir, out var errors) ?? throw new UsageException(string.Join(Environment.NewLine + "lnrelay: ", errors));

    private static async Task<int> InfoAsync(NetworkFolder folder, bool json, CancellationToken ct)
    {
        var rpc = ChainRpcClient.Connect(folder);
        try
        {
            var height = await rpc.GetBlockCountAsync(ct);
            var tip = await rpc.GetBlockHashAsync(height, ct);
            var rows = new List<(string Scid, string Ends, string State)>();
            foreach (var channel in folder.Network.Channels)
            {
                var scid = channel.ShortChannelId;
                var block = await rpc.GetBlockAsync(await rpc.GetBlockHashAsync((int)scid.BlockHeight, ct), ct);
                var tx = block.Transactions[(int)scid.TxIndex];
                var unspent = await rpc.GetTxOutAsync(tx.GetHash(), scid.OutputIndex, true, ct);
                rows.Add((scid.ToString(), $"{channel.Node1.Name}-{channel.Node2.Name}", unspent is null ? "spent (closed on chain)" : $"unspent, {unspent.Confirmations} confirmations"));
            }

            if (json)
            {
                JsonOutput.WriteLine(new JsonObject
                {
                    ["height"] = height,
                    ["tip"] = tip.ToString(),
                    ["chain_hash"] = Regtest.ChainHashHex,
                    ["channels"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject { ["short_channel_id"] = r.Scid, ["ends"] = r.Ends, ["funding"] = r.State })]),
                });
            }
            else
            {
                Console.Out.WriteLine($"Regtest chain at {folder.Network.ChainSource!.RpcUrl}: height {height}, tip {tip}.");
                var table = new TextTable(["scid", "channel", "funding output"]);
                foreach (var r in rows)
                {
                    table.Add(r.Scid, r.Ends, r.State);
                }

                table.Write(Console.Out);
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or RPCException)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {ChainRpcClient.Unreachable(folder, e)}");
            return ExitCodes.Refused;
        }
    }

    private static async Task<int> MineAsync(NetworkFolder folder, int count, bool json, CancellationToken ct)
    {
        if (count is < 1 or > LnRelay.Chain.Rpc.ChainRpcMethods.MaxGenerate)
        {
            throw new UsageException($"N: from 1 to {LnRelay.Chain.Rpc.ChainRpcMethods.MaxGenerate} blocks (got {count}).");
        }

        var address = NetworkChainFiles.MinerAddress(folder.Directory, out var seedError) ?? throw new UsageException(seedError!);
        var rpc = ChainRpcClient.Connect(folder);
        try
        {
            var hashes = await rpc.GenerateToAddressAsync(count, address, ct);
            var height = await rpc.GetBlockCountAsync(ct);
            if (json)
            {
                JsonOutput.WriteLine(new JsonObject { ["height"] = height, ["blocks"] = new JsonArray([.. hashes.Select(h => (JsonNode)h.ToString())]) });
            }
            else
            {
                Console.Out.WriteLine($"Mined {hashes.Length} block{(hashes.Length == 1 ? "" : "s")}: the chain is at height {height}, tip {hashes[^1]}.");
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or RPCException)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {ChainRpcClient.Unreachable(folder, e)}");
            return ExitCodes.Refused;
        }
    }

    private static async Task<int> ServeAsync(NetworkFolder folder, IPAddress bind, CancellationToken ct)
    {
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        LnRelay.Chain.Rpc.ChainRpcServer server;
        try
        {
            server = await HostedChain.StartAsync(folder, bind, logs, ct);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {e.Message}");
            return ExitCodes.Refused;
        }

        await using (server)
        {
            await Console.Out.WriteLineAsync($"Chain service on {bind}:{folder.Network.ChainSource!.RpcUrl.Port}, height {server.Service.Chain.Height}. Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return ExitCodes.Success;
    }
}
