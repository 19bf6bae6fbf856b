using LnRelay.Node.Channels;
using LnRelay.Node.Hosting;
using LnRelay.Node.Invoices;
using LnRelay.Node.Switch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LnRelay.Node.Api;

/// <summary>
/// Read-only routes for audits (docs/control-api.md, "GET /v1/htlcs" and "GET /v1/invoices"):
/// every HTLC in flight on this node's channels with its expiry, and the payee's open and
/// paid invoices. <c>lnrelay audit</c> reads them to check that nothing was lost or created.
/// </summary>
internal static class LedgerApi
{
    public static void Map(RouteGroupBuilder v1, NodeRuntime node)
    {
        v1.MapGet("/htlcs", () => Results.Ok(Htlcs(node)));
        v1.MapGet("/invoices", () => Results.Ok(Invoices(node.Invoices)));
    }

    private static HtlcsView Htlcs(NodeRuntime node)
    {
        // The switch's own default (NodeRuntime builds it with new SwitchOptions()).
        var margin = new SwitchOptions().ExpirySafetyMarginBlocks;
        var htlcs = node.Switch.Read(cs => cs
            .SelectMany(c => c.Offered.Values.Select(h => HtlcView.Of(c, h, "offered")).Concat(c.Received.Values.Select(h => HtlcView.Of(c, h, "received"))))
            .OrderBy(h => h.ShortChannelId, StringComparer.Ordinal).ThenBy(h => h.Direction, StringComparer.Ordinal).ThenBy(h => h.Id)
            .ToList());
        return new HtlcsView(node.Name, node.Switch.BlockHeight, margin, htlcs);
    }

    private static InvoicesView Invoices(InvoiceBook book) => new(
        [.. book.Open.OrderBy(i => i.CreatedAt).Select(i => new OpenInvoiceView(i.PaymentHashHex, i.AmountMsat, i.CreatedAt, i.ExpiresAt))],
        book.Paid);
}

/// <summary>GET /v1/htlcs: the chain height, the switch's expiry safety margin, and every HTLC in flight.</summary>
public sealed record HtlcsView(string Node, uint BlockHeight, uint ExpirySafetyMarginBlocks, IReadOnlyList<HtlcView> Htlcs);

/// <summary>One HTLC in flight: its channel and peer, whether this node offered or received it, its id (numbered by the offerer), amount, hash and expiry.</summary>
public sealed record HtlcView(string ShortChannelId, string Peer, string Direction, ulong Id, ulong AmountMsat, string PaymentHash, uint CltvExpiry)
{
    internal static HtlcView Of(ChannelState channel, Htlc htlc, string direction) =>
        new(channel.ShortChannelId.ToString(), channel.RemoteName, direction, htlc.Id, htlc.AmountMsat, Convert.ToHexStringLower(htlc.PaymentHash), htlc.CltvExpiry);
}

/// <summary>GET /v1/invoices: the open invoices and the most recent paid ones.</summary>
public sealed record InvoicesView(IReadOnlyList<OpenInvoiceView> Open, IReadOnlyList<PaidInvoice> Paid);

public sealed record OpenInvoiceView(string PaymentHash, ulong AmountMsat, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
