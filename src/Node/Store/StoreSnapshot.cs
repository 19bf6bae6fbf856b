using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;

namespace LnRelay.Node.Store;

/// <summary>Everything a node resumes from, as read at start (docs/store.md, "Recovery").</summary>
internal sealed record StoreSnapshot(
    uint? BlockHeight,
    IReadOnlyDictionary<ulong, StoredChannel> Channels,
    IReadOnlyList<CircuitOpened> Circuits,
    IReadOnlyList<OriginHtlcAdded> OriginHtlcs,
    IReadOnlyDictionary<string, StoredLink> Links,
    IReadOnlyList<InvoiceAdded> OpenInvoices,
    IReadOnlyList<PaidInvoice> PaidInvoices,
    IReadOnlyList<PaymentResult> Payments,
    IReadOnlyList<ReplayRecorded> ReplayLog)
{
    /// <summary>The multi-part payments the payee held, with their parts and deadlines (docs/mpp.md).</summary>
    public IReadOnlyList<MultiPart.PartSet> PartSets { get; init; } = [];

    /// <summary>Those of <see cref="OriginHtlcs"/> that were fulfilled before the payer recorded the payment's end, by (scid, id).</summary>
    public IReadOnlyDictionary<(ulong Scid, ulong Id), OriginHtlcSettled> SettledOrigins { get; init; } = new Dictionary<(ulong, ulong), OriginHtlcSettled>();

    /// <summary>A store with nothing in it yet: a node's first start.</summary>
    public static StoreSnapshot Empty { get; } = new(null, new Dictionary<ulong, StoredChannel>(), [], [], new Dictionary<string, StoredLink>(), [], [], [], []);
}

/// <summary>One channel's row and its HTLCs in flight.</summary>
internal sealed record StoredChannel(ChannelSaved Row, IReadOnlyList<Htlc> Offered, IReadOnlyList<Htlc> Received);

/// <summary>One link's counters and the updates it logged that the peer has not acknowledged, in order.</summary>
internal sealed record StoredLink(LinkSaved Row, IReadOnlyList<LinkAppended> Log);
