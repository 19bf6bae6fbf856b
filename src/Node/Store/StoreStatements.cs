using Microsoft.Data.Sqlite;

namespace LnRelay.Node.Store;

/// <summary>
/// Every write the store makes, prepared once on the writer's connection. Each
/// <see cref="StoreChange"/> runs one or two of these inside the writer's transaction.
/// </summary>
internal sealed class StoreStatements : IDisposable
{
    public StoreStatements(SqliteConnection connection)
    {
        StoreStatement S(string sql) => new(connection, sql);
        NodeRow = S("INSERT INTO node (id, node_id, block_height) VALUES (1, $node_id, $height) ON CONFLICT (id) DO UPDATE SET block_height = excluded.block_height");
        ChannelRow = S("""
            INSERT OR REPLACE INTO channels (scid, capacity_msat, local_msat, remote_msat, next_offered_id, next_received_id,
                fee_base_msat, fee_proportional_millionths, cltv_expiry_delta, htlc_minimum_msat, htlc_maximum_msat, enabled)
            VALUES ($scid, $capacity, $local, $remote, $next_offered, $next_received, $fee_base, $fee_ppm, $delta, $min, $max, $enabled)
            """);
        HtlcAdd = S("INSERT INTO htlcs (scid, offered, id, amount_msat, payment_hash, cltv_expiry) VALUES ($scid, $offered, $id, $amount, $hash, $expiry)");
        HtlcRemove = S("DELETE FROM htlcs WHERE scid = $scid AND offered = $offered AND id = $id");
        CircuitAdd = S("INSERT INTO circuits (out_scid, out_id, in_scid, in_id, shared_secret, blinded_role, onion_sha256, ptlc_tweak) VALUES ($out_scid, $out_id, $in_scid, $in_id, $secret, $role, $onion_digest, $tweak)");
        CircuitRemove = S("DELETE FROM circuits WHERE out_scid = $out_scid AND out_id = $out_id");
        OriginAdd = S("INSERT INTO origin_htlcs (scid, id, payment_hash, ptlc_tweak) VALUES ($scid, $id, $hash, $tweak)");
        OriginRemove = S("DELETE FROM origin_htlcs WHERE scid = $scid AND id = $id");
        OriginSettle = S("UPDATE origin_htlcs SET preimage = $preimage, settled_msat = $amount WHERE scid = $scid AND id = $id");
        OriginEnd = S("DELETE FROM origin_htlcs WHERE payment_hash = $hash AND preimage IS NOT NULL");
        LinkRow = S("INSERT OR REPLACE INTO links (peer, epoch, peer_epoch, received_count, next_seq) VALUES ($peer, $epoch, $peer_epoch, $received, $next)");
        LinkAppend = S("INSERT INTO link_log (peer, seq, message, delay_ms) VALUES ($peer, $seq, $message, $delay)");
        LinkForget = S("DELETE FROM link_log WHERE peer = $peer AND seq < $below");
        LinkClear = S("DELETE FROM link_log WHERE peer = $peer");
        InvoiceAdd = S("""
            INSERT INTO invoices (payment_hash, preimage, payment_secret, amount_msat, min_final_cltv_expiry_delta, created_at_ms, expires_at_ms, description, state)
            VALUES ($hash, $preimage, $secret, $amount, $delta, $created, $expires, $description, 'open')
            """);
        InvoicePaid = S("UPDATE invoices SET state = 'paid', paid_at_ms = $paid_at WHERE payment_hash = $hash");
        InvoicesExpired = S("DELETE FROM invoices WHERE state = 'open' AND expires_at_ms <= $now");
        PaymentRow = S("INSERT OR REPLACE INTO payments (payment_hash, payee, amount_msat, status, result_json) VALUES ($hash, $payee, $amount, $status, $json)");
        // Appended in arrival order (the guard records each key once); pruning reads the whole
        // table, once per block, rather than keep an index that every onion would write to.
        ReplayAdd = S("INSERT INTO replay_entries (key, cltv_expiry) VALUES ($key, $expiry)");
        ReplayPrune = S("DELETE FROM replay_entries WHERE cltv_expiry < $height");
        PartSetRow = S("INSERT OR IGNORE INTO mpp_sets (payment_hash, total_msat, deadline_ms) VALUES ($hash, $total, $deadline)");
        PartSetRemove = S("DELETE FROM mpp_sets WHERE payment_hash = $hash");
        PartAdd = S("INSERT INTO mpp_parts (payment_hash, scid, htlc_id, amount_msat, shared_secret, arrived_at_ms, blinded_role, onion_sha256, ptlc_tweak_sum) VALUES ($hash, $scid, $id, $amount, $secret, $arrived, $role, $onion_digest, $tweak_sum)");
        PartRemoveAll = S("DELETE FROM mpp_parts WHERE payment_hash = $hash");
    }

    public StoreStatement NodeRow { get; }

    public StoreStatement ChannelRow { get; }

    public StoreStatement HtlcAdd { get; }

    public StoreStatement HtlcRemove { get; }

    public StoreStatement CircuitAdd { get; }

    public StoreStatement CircuitRemove { get; }

    public StoreStatement OriginAdd { get; }

    public StoreStatement OriginRemove { get; }

    public StoreStatement OriginSettle { get; }

    public StoreStatement OriginEnd { get; }

    public StoreStatement LinkRow { get; }

    public StoreStatement LinkAppend { get; }

    public StoreStatement LinkForget { get; }

    public StoreStatement LinkClear { get; }

    public StoreStatement InvoiceAdd { get; }

    public StoreStatement InvoicePaid { get; }

    public StoreStatement InvoicesExpired { get; }

    public StoreStatement PaymentRow { get; }

    public StoreStatement ReplayAdd { get; }

    public StoreStatement ReplayPrune { get; }

    public StoreStatement PartSetRow { get; }

    public StoreStatement PartSetRemove { get; }

    public StoreStatement PartAdd { get; }

    public StoreStatement PartRemoveAll { get; }

    public void Dispose()
    {
        foreach (var s in new[]
        {
            NodeRow, ChannelRow, HtlcAdd, HtlcRemove, CircuitAdd, CircuitRemove, OriginAdd, OriginRemove, OriginSettle, OriginEnd, LinkRow, LinkAppend, LinkForget,
            LinkClear, InvoiceAdd, InvoicePaid, InvoicesExpired, PaymentRow, ReplayAdd, ReplayPrune,
            PartSetRow, PartSetRemove, PartAdd, PartRemoveAll,
        })
        {
            s.Dispose();
        }
    }
}
