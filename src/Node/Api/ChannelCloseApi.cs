using LnRelay.Chain.Funding;
using LnRelay.Node.Chain;
using LnRelay.Node.Hosting;
using LnRelay.Sphinx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NBitcoin;

namespace LnRelay.Node.Api;

/// <summary>
/// <c>POST /v1/channels/{scid}/close</c> (docs/control-api.md): this end's half of a
/// cooperative close (BOLT 3 "Closing Transaction"). The node builds the closing
/// transaction itself from the channel's balances as it holds them — both ends, agreeing on
/// the balances, build the same one — signs it with its funding key, and stops offering
/// HTLCs on the channel. The caller (lnrelay channel close) puts both signatures in the
/// witness and has the chain mine it. Refused while HTLCs are in flight (409).
/// </summary>
internal static class ChannelCloseApi
{
    public static void Map(WebApplication app, NodeRuntime node, RpcChainFollower chain) =>
        app.MapPost("/v1/channels/{scid}/close", (string scid) => Close(node, chain, scid));

    private static IResult Close(NodeRuntime node, RpcChainFollower chain, string text)
    {
        if (!ShortChannelId.TryParse(text, out var scid))
        {
            return Problem(StatusCodes.Status400BadRequest, $"'{text}' is not a short channel id (BLOCKxTXxOUTPUT, e.g. 101x1x0).");
        }

        var channel = node.Network.ChannelsOf(node.Name).FirstOrDefault(c => c.ShortChannelId == scid);
        var state = node.Switch.Read(cs => cs.FirstOrDefault(c => c.ShortChannelId == scid));
        if (channel is null || state is null)
        {
            return Problem(StatusCodes.Status404NotFound, $"{scid} is not a channel of {node.Name}.");
        }

        var outpoint = chain.FundingOutpoint(scid);
        if (outpoint is null)
        {
            return Problem(StatusCodes.Status409Conflict, $"{scid}: the chain has not confirmed its funding output, or it is already spent ({node.Switch.RefusalOf(scid) ?? "see the node's log"}).");
        }

        var inFlight = node.Switch.Read(_ => state.OfferedInFlightMsat + state.ReceivedInFlightMsat);
        if (inFlight > 0)
        {
            return Problem(StatusCodes.Status409Conflict, $"{scid} has {inFlight} msat of HTLCs in flight; close it once they resolve.");
        }

        var secret = FundingKeyFile.Read(node.Settings.DataDir, scid, out var keyError);
        if (secret is null)
        {
            return Problem(StatusCodes.Status500InternalServerError, keyError!);
        }

        using var key = new Key(secret);
        var funded = new FundedChannel(outpoint, (int)scid.BlockHeight, (int)scid.TxIndex, scid.OutputIndex, new PubKey(channel.Node1FundingKey!.Value.ToBytes()), new PubKey(channel.Node2FundingKey!.Value.ToBytes()), Money.Satoshis((long)(channel.CapacityMsat / 1000)));
        var node1Balance = node.Switch.Read(_ => channel.Node1.Name == node.Name ? state.LocalBalanceMsat : state.RemoteBalanceMsat);
        var close = CooperativeClose.Build(funded, node1Balance, out var buildError);
        if (close is null)
        {
            return Problem(StatusCodes.Status409Conflict, buildError!);
        }

        var signature = CooperativeClose.Sign(close, funded, key);
        node.Switch.Refuse(scid, "closing: this end signed a cooperative close");
        return Results.Ok(new CloseSignature(scid.ToString(), close.ToHex(), Convert.ToHexStringLower(signature.ToBytes()), node1Balance));
    }

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, detail: detail);
}

/// <summary>One end's half of a cooperative close: the unsigned transaction it built and its signature (DER plus the SIGHASH_ALL byte).</summary>
public sealed record CloseSignature(string ShortChannelId, string Transaction, string Signature, ulong Node1BalanceMsat);
