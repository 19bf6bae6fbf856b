using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Sphinx.Replay;

namespace LnRelay.Node.Store;

/// <summary>
/// Puts what a store kept back into a node's parts at start, before anything runs
/// (docs/store.md, "Recovery"), and connects those parts to the journal so that every
/// change from then on is staged. On a first start it stages the initial rows instead.
/// </summary>
internal static class NodeResume
{

    /// <summary>Restores channels, invoices, payments and the replay log; stages the rows a new store lacks.</summary>
    /// <exception cref="StoreFailedException">The store and network.json disagree about the channels.</exception>
    public static void Apply(
        string storePath,
        StoreSnapshot snapshot,
        IDecisionJournal journal,
        PublicKey nodeId,
        uint height,
        IReadOnlyList<ChannelState> channels,
        InvoiceBook invoices,
        PaymentStore payments,
        OnionReplayGuard replay)
    {
        var known = channels.Select(c => c.ShortChannelId.Value).ToHashSet();
        foreach (var missing in snapshot.Channels.Keys.Where(scid => !known.Contains(scid)))
        {
            throw new StoreFailedException($"node store '{storePath}' holds channel {Sphinx.ShortChannelId.FromUInt64(missing)}, which network.json no longer has: the network file was rewritten for another topology. Put back the network.json this store was written with, or move the store aside to start from the new network.json.");
        }

        foreach (var channel in channels)
        {
            if (snapshot.Channels.TryGetValue(channel.ShortChannelId.Value, out var stored))
            {
                if (stored.Row.CapacityMsat != channel.CapacityMsat)
                {
                    throw new StoreFailedException($"node store '{storePath}': channel {channel.ShortChannelId} has capacity {stored.Row.CapacityMsat} msat there and {channel.CapacityMsat} msat in network.json. Put back the network.json this store was written with, or move the store aside to start from the new one.");
                }

                channel.Restore(stored.Row.LocalMsat, stored.Row.RemoteMsat, stored.Row.NextOfferedId, stored.Row.NextReceivedId, stored.Row.Policy, stored.Offered, stored.Received);
            }
            else
            {
                journal.Stage(ChannelSaved.Of(channel));
            }

            channel.Observer = new ChannelJournal(journal);
        }

        journal.Stage(new NodeSaved(nodeId.ToBytes(), height));
        foreach (var invoice in snapshot.OpenInvoices)
        {
            invoices.Restore(invoice.Invoice, invoice.Preimage);
        }

        invoices.RestorePaid(snapshot.PaidInvoices);

        payments.Restore(snapshot.Payments);
        var inFlightHashes = snapshot.OriginHtlcs.Select(o => Convert.ToHexStringLower(o.PaymentHash)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var payment in snapshot.Payments.Where(p => p.Status == PaymentStatus.InFlight && !inFlightHashes.Contains(p.PaymentHash)))
        {
            // No HTLC of it was committed when the node stopped (it was between attempts, or its
            // first HTLC was decided but not yet written): nothing of it is on the network.
            payments.Complete(payment with
            {
                Status = PaymentStatus.Failed,
                Failure = PaymentFailure.Here(PaymentFailureKind.InterruptedByRestart, "the node stopped while this payment had no HTLC in flight; nothing of it reached the network"),
            });
        }

        foreach (var entry in snapshot.ReplayLog)
        {
            replay.Restore(entry.Key, entry.CltvExpiry);
        }
    }
}
