using System.Text.Json;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Sphinx.Replay;
using static LnRelay.Node.Store.StoreValues;

namespace LnRelay.Node.Store;

/// <summary>
/// One decision the node made, as the rows it changes (docs/store.md). Decisions are
/// staged in the order they are made and written in that order, many to a transaction
/// (<see cref="GroupCommitWriter"/>). Each is self-contained: it carries the values, not a
/// reference to live state that may have moved on by the time the writer runs.
/// </summary>
internal abstract record StoreChange
{
    /// <summary>
    /// For a change that rewrites a whole row: the row it rewrites. Within one batch only the
    /// last change per key is written (the earlier ones would be overwritten in the same
    /// transaction anyway). Null for every other change.
    /// </summary>
    public virtual object? RowKey => null;

    public abstract void Apply(StoreStatements s);
}

/// <summary>This node's identity and the block height it has seen.</summary>
internal sealed record NodeSaved(byte[] NodeId, uint BlockHeight) : StoreChange
{
    public override object? RowKey => typeof(NodeSaved);

    public override void Apply(StoreStatements s) => s.NodeRow.Run(NodeId, (long)BlockHeight);
}

/// <summary>A channel's balances, next ids and this node's policy, as they are after a decision.</summary>
internal sealed record ChannelSaved(ulong Scid, ulong CapacityMsat, ulong LocalMsat, ulong RemoteMsat, ulong NextOfferedId, ulong NextReceivedId, ChannelPolicy Policy) : StoreChange
{
    public override object? RowKey => (typeof(ChannelSaved), Scid);

    public static ChannelSaved Of(ChannelState c) =>
        new(c.ShortChannelId.Value, c.CapacityMsat, c.LocalBalanceMsat, c.RemoteBalanceMsat, c.NextOfferedId, c.NextExpectedReceivedId, c.LocalPolicy);

    public override void Apply(StoreStatements s) => s.ChannelRow.Run(
        ToColumn(Scid), ToColumn(CapacityMsat), ToColumn(LocalMsat), ToColumn(RemoteMsat), ToColumn(NextOfferedId), ToColumn(NextReceivedId),
        (long)Policy.FeeBaseMsat, (long)Policy.FeeProportionalMillionths, (long)Policy.CltvExpiryDelta, ToColumn(Policy.HtlcMinimumMsat), ToColumn(Policy.HtlcMaximumMsat), Policy.Enabled ? 1L : 0L);
}

internal sealed record HtlcAdded(ulong Scid, HtlcDirection Direction, Htlc Htlc) : StoreChange
{
    public override void Apply(StoreStatements s) =>
        s.HtlcAdd.Run(ToColumn(Scid), Direction == HtlcDirection.Offered ? 1L : 0L, ToColumn(Htlc.Id), ToColumn(Htlc.AmountMsat), Htlc.PaymentHash, (long)Htlc.CltvExpiry);
}

internal sealed record HtlcRemoved(ulong Scid, HtlcDirection Direction, ulong Id) : StoreChange
{
    public override void Apply(StoreStatements s) => s.HtlcRemove.Run(ToColumn(Scid), Direction == HtlcDirection.Offered ? 1L : 0L, ToColumn(Id));
}

/// <summary>
/// A forward: the outgoing HTLC, the incoming one it came from, and the secret to wrap a failure
/// for the origin; inside a blinded path also its role (<c>Switch.BlindedRole</c> as a number) and
/// the SHA256 of the onion received (docs/blinded-paths.md).
/// </summary>
internal sealed record CircuitOpened(ulong OutScid, ulong OutId, ulong InScid, ulong InId, byte[] SharedSecret, int BlindedRole = 0, byte[]? OnionSha256 = null) : StoreChange
{
    public override void Apply(StoreStatements s) =>
        s.CircuitAdd.Run(ToColumn(OutScid), ToColumn(OutId), ToColumn(InScid), ToColumn(InId), SharedSecret, (long)BlindedRole, OnionSha256);
}

internal sealed record CircuitClosed(ulong OutScid, ulong OutId) : StoreChange
{
    public override void Apply(StoreStatements s) => s.CircuitRemove.Run(ToColumn(OutScid), ToColumn(OutId));
}

/// <summary>An HTLC this node offered as the payer: the payment it belongs to.</summary>
internal sealed record OriginHtlcAdded(ulong Scid, ulong Id, byte[] PaymentHash) : StoreChange
{
    public override void Apply(StoreStatements s) => s.OriginAdd.Run(ToColumn(Scid), ToColumn(Id), PaymentHash);
}

internal sealed record OriginHtlcRemoved(ulong Scid, ulong Id) : StoreChange
{
    public override void Apply(StoreStatements s) => s.OriginRemove.Run(ToColumn(Scid), ToColumn(Id));
}

/// <summary>A link's counters (docs/transport.md, link_sync): our epoch, the peer's, what we took in, what we numbered.</summary>
internal sealed record LinkSaved(string Peer, ulong Epoch, ulong PeerEpoch, ulong ReceivedCount, ulong NextSequence) : StoreChange
{
    public override object? RowKey => (typeof(LinkSaved), Peer);

    public override void Apply(StoreStatements s) => s.LinkRow.Run(Peer, ToColumn(Epoch), ToColumn(PeerEpoch), ToColumn(ReceivedCount), ToColumn(NextSequence));
}

/// <summary>An HTLC update numbered <see cref="Sequence"/> in the link's log, encoded as on the wire (type first).</summary>
internal sealed record LinkAppended(string Peer, ulong Sequence, byte[] Message, long DelayMs) : StoreChange
{
    public override void Apply(StoreStatements s) => s.LinkAppend.Run(Peer, ToColumn(Sequence), Message, DelayMs);
}

/// <summary>The peer has every update below <see cref="Below"/>: they leave the log.</summary>
internal sealed record LinkForgotten(string Peer, ulong Below) : StoreChange
{
    public override void Apply(StoreStatements s) => s.LinkForget.Run(Peer, ToColumn(Below));
}

/// <summary>The peer restarted without its state: nothing logged for it can be delivered.</summary>
internal sealed record LinkCleared(string Peer) : StoreChange
{
    public override void Apply(StoreStatements s) => s.LinkClear.Run(Peer);
}

internal sealed record InvoiceAdded(Invoice Invoice, byte[] Preimage) : StoreChange
{
    public override void Apply(StoreStatements s) => s.InvoiceAdd.Run(
        Invoice.PaymentHash, Preimage, Invoice.PaymentSecret, ToColumn(Invoice.AmountMsat), (long)Invoice.MinFinalCltvExpiryDelta,
        ToColumn(Invoice.CreatedAt), ToColumn(Invoice.ExpiresAt), Invoice.Description);
}

/// <summary>An HTLC paid the invoice at <see cref="PaidAt"/>; the row stays (as proof, and for GET /v1/invoices after a restart).</summary>
internal sealed record InvoicePaid(byte[] PaymentHash, DateTimeOffset PaidAt) : StoreChange
{
    public override void Apply(StoreStatements s) => s.InvoicePaid.Run(ToColumn(PaidAt), PaymentHash);
}

/// <summary>Open invoices that expired by <see cref="Now"/> are forgotten (paid ones stay, as proof).</summary>
internal sealed record InvoicesExpired(DateTimeOffset Now) : StoreChange
{
    public override void Apply(StoreStatements s) => s.InvoicesExpired.Run(ToColumn(Now));
}

/// <summary>A payment this node makes, as the control API shows it (its attempts included).</summary>
internal sealed record PaymentSaved(PaymentResult Payment) : StoreChange
{
    public override object? RowKey => (typeof(PaymentSaved), Payment.PaymentHash);

    public override void Apply(StoreStatements s) => s.PaymentRow.Run(
        Payment.PaymentHash, Payment.Payee, ToColumn(Payment.AmountMsat), Payment.Status.ToString(), JsonSerializer.Serialize(Payment, StoreJson.Options));
}

internal sealed record ReplayRecorded(ReplayKey Key, uint CltvExpiry) : StoreChange
{
    public override void Apply(StoreStatements s)
    {
        var key = new byte[ReplayKey.Size];
        Key.WriteTo(key);
        s.ReplayAdd.Run(key, (long)CltvExpiry);
    }
}

internal sealed record ReplayPruned(uint BlockHeight) : StoreChange
{
    public override void Apply(StoreStatements s) => s.ReplayPrune.Run((long)BlockHeight);
}
