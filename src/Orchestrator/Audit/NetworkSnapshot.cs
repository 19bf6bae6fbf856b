using LnRelay.Node.Api;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.NetworkSetup;

namespace LnRelay.Orchestrator.Audit;

/// <summary>What one node's control API says about its money: channels, HTLCs in flight, invoices, and the payments it made.</summary>
internal sealed record NodeSnapshot(string Name, IReadOnlyList<ChannelView> Channels, HtlcsView Htlcs, InvoicesView Invoices, IReadOnlyList<PaymentResult> Payments);

/// <summary>
/// Every node's <see cref="NodeSnapshot"/>, read through GET /v1/channels, /v1/htlcs,
/// /v1/invoices and /v1/payments (docs/control-api.md). A node that does not answer is named
/// in <see cref="Unreachable"/> rather than failing the read.
/// </summary>
internal sealed record NetworkSnapshot(IReadOnlyList<NodeSnapshot> Nodes, IReadOnlyList<string> Unreachable)
{
    public static async Task<NetworkSnapshot> ReadAsync(NetworkFolder folder, CancellationToken ct)
    {
        var reads = folder.Network.Nodes.Select(async n =>
        {
            using var client = folder.Client(n.Name, TimeSpan.FromSeconds(2));
            try
            {
                var channels = await client.GetAsync<List<ChannelView>>("/v1/channels", ct);
                var htlcs = await client.GetAsync<HtlcsView>("/v1/htlcs", ct);
                var invoices = await client.GetAsync<InvoicesView>("/v1/invoices", ct);
                var payments = await client.GetAsync<List<PaymentResult>>("/v1/payments", ct);
                return (Node: new NodeSnapshot(n.Name, channels, htlcs, invoices, payments), Error: (string?)null);
            }
            catch (Exception e) when (e is HttpRequestException or NodeApiException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return (Node: (NodeSnapshot?)null, Error: $"{n.Name} ({e.Message})");
            }
        });
        var read = await Task.WhenAll(reads);
        return new NetworkSnapshot([.. read.Where(r => r.Node is not null).Select(r => r.Node!)], [.. read.Where(r => r.Error is not null).Select(r => r.Error!)]);
    }

    /// <summary>
    /// Whether anything is still moving: an HTLC in flight (in the HTLC list or in a channel's counts: a node's
    /// views are read one after another, and an HTLC settled between two reads shows in one and not the other)
    /// or a payment not ended, on any node.
    /// </summary>
    public bool Quiet => Nodes.All(n => n.Htlcs.Htlcs.Count == 0
        && n.Channels.All(c => c.HtlcsOffered == 0 && c.HtlcsReceived == 0)
        && n.Payments.All(p => p.Status != PaymentStatus.InFlight));
}
