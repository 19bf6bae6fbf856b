using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Node.Peers;
using LnRelay.Sphinx;

namespace LnRelay.Node.Hosting;

/// <summary>
/// What a program hosting nodes in its own process may do with one (lnrelay's in-process
/// networks: the demo, <c>up --in-process</c>, the benchmarks and experiments; docs/architecture.md,
/// "Node's contract"): the control API's operations without HTTP, and what a chain would tell the
/// node. Everything else a runtime is made of stays inside the Node project.
/// </summary>
public sealed partial class NodeRuntime
{
    /// <summary>The height this node's switch holds (what GET /v1/info reports).</summary>
    public uint BlockHeight => Switch.BlockHeight;

    /// <summary>Onions this node's replay log holds (BOLT 4 "Onion Decryption": kept until their HTLC's expiry passes).</summary>
    public int ReplayLogCount => Switch.ReplayLogCount;

    /// <summary>The block height moves on, as POST /v1/chain/height does; false for a height below the current one.</summary>
    public bool TrySetBlockHeight(uint height) => Switch.TrySetBlockHeight(height);

    /// <summary>Why this node refuses HTLCs on a channel (for example, its funding not yet confirmed), or null when it does not.</summary>
    public string? RefusalOf(ShortChannelId scid) => Switch.RefusalOf(scid);

    /// <summary>Transactions the node's store has committed (0 in memory): fsyncs, for the benchmarks.</summary>
    public long StoreCommits => Journal.Commits;

    /// <summary>
    /// Warms this node's chain polling for a benchmark: the RPC round trip each poll makes, <paramref name="calls"/>
    /// times on the chain feed this process runs for the node's network (one for all its in-process nodes;
    /// docs/chain.md), nothing else. The round trips made: 0 when the node follows no chain.
    /// </summary>
    public Task<int> WarmChainPollsAsync(int calls, CancellationToken cancellationToken = default) =>
        Chain.ChainFeed.WarmUpAsync(Network, calls, cancellationToken);

    /// <summary>Every peer's link, as GET /v1/peers shows it.</summary>
    public IReadOnlyList<PeerStatus> PeerStatuses => Peers.Peers;

    /// <summary>An invoice, as POST /v1/invoices makes one.</summary>
    public Invoice CreateInvoice(ulong amountMsat, TimeSpan expiry, ushort minFinalCltvExpiryDelta, string description, bool pointLock = false) =>
        Invoices.Create(amountMsat, expiry, minFinalCltvExpiryDelta, description, pointLock);

    /// <summary>A payment, as POST /v1/payments starts one (the payer finds routes, sends and retries).</summary>
    public Task<PaymentResult> PayAsync(PaymentRequest request, CancellationToken cancellationToken = default) =>
        Payer.PayAsync(request, cancellationToken);
}
