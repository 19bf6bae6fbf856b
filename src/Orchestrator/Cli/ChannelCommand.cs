using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.OnChain;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx;
using NBitcoin.RPC;

namespace LnRelay.Orchestrator.Cli;

/// <summary><c>lnrelay channel close SCID</c>: a cooperative close, mined on the network's chain (docs/chain.md "Closing is a spend").</summary>
internal static class ChannelCommand
{
    public static Command Build()
    {
        var command = new Command("channel", "Act on one channel of a running network: close it on chain (close).");
        command.Subcommands.Add(Close());
        return command;
    }

    private static Command Close()
    {
        var scid = new Argument<string>("SCID") { Description = "The channel's short channel id, as 'lnrelay up' or 'lnrelay chain info' prints it (e.g. 101x1x0)." };
        var dir = SharedOptions.Dir("The network folder of the running network.");
        var json = new Option<bool>("--json") { Description = "One JSON object on stdout: the closing txid, the block height and the outputs." };
        var command = new Command(
            "close",
            "Close a channel cooperatively: both ends sign a closing transaction that spends the funding output to their balances " +
            "(BOLT 3), the chain mines it into the next block, both ends see the spend and stop using the channel. Other nodes keep it " +
            "in their routing graph for 72 blocks (BOLT 7), so a payer may still try it and get unknown_next_peer.\n" +
            "Example: lnrelay channel close 101x2x0 --dir ./net")
        {
            scid,
            dir,
            json,
        };
        command.SetAction(async (parse, ct) => await CloseAsync(parse.GetValue(scid)!, parse.GetValue(dir)!, parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> CloseAsync(string text, string dir, bool json, CancellationToken ct)
    {
        if (!ShortChannelId.TryParse(text, out var scid))
        {
            throw new UsageException($"SCID: '{text}' is not a short channel id (BLOCKxTXxOUTPUT, e.g. 101x1x0).");
        }

        var folder = NetworkFolder.Load(dir, out var errors) ?? throw new UsageException(string.Join(Environment.NewLine + "lnrelay: ", errors));
        var channel = folder.Network.Channels.FirstOrDefault(c => c.ShortChannelId == scid)
            ?? throw new UsageException($"SCID: {scid} is not a channel of {dir} ({string.Join(", ", folder.Network.Channels.Select(c => c.ShortChannelId.ToString()))}).");
        if (channel.Closed || channel.Node1FundingKey is null)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {scid} is {(channel.Closed ? "already closed" : "not funded on a chain")}.");
            return ExitCodes.Refused;
        }

        CloseResult result;
        try
        {
            result = await ChannelCloser.CloseAsync(folder, channel, ct);
        }
        catch (NodeApiException e)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {e.Message}");
            return ExitCodes.Refused;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or RPCException)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {ChainRpcClient.Unreachable(folder, e)}");
            return ExitCodes.Refused;
        }

        if (result.Error is not null)
        {
            await Console.Error.WriteLineAsync($"lnrelay: {result.Error}");
            return ExitCodes.Refused;
        }

        if (json)
        {
            JsonOutput.WriteLine(new JsonObject
            {
                ["short_channel_id"] = scid.ToString(),
                ["closing_txid"] = result.Txid,
                ["height"] = result.Height,
                ["outputs_sat"] = new JsonArray([.. result.OutputsSat.Select(v => (JsonNode)v)]),
            });
        }
        else
        {
            Console.Out.WriteLine($"Closed {scid} ({channel.Node1.Name}-{channel.Node2.Name}): closing transaction {result.Txid} mined in block {result.Height}, paying {string.Join(" and ", result.OutputsSat.Select(v => $"{v:N0} sat"))}.");
            Console.Out.WriteLine($"{channel.Node1.Name} and {channel.Node2.Name} stop using it as they see the block; other nodes keep it in their graph for 72 blocks (BOLT 7).");
        }

        return ExitCodes.Success;
    }
}
