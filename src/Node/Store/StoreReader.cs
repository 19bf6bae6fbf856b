using System.Text.Json;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Sphinx.Replay;
using Microsoft.Data.Sqlite;
using static LnRelay.Node.Store.StoreValues;

namespace LnRelay.Node.Store;

/// <summary>Reads a store's rows back into the records the writer wrote (the inverse of <see cref="StoreChange"/>).</summary>
internal static class StoreReader
{
    public static StoreSnapshot Load(SqliteConnection connection, DateTimeOffset now, int completedPaymentsKept)
    {
        uint? height = null;
        Query(connection, "SELECT block_height FROM node WHERE id = 1", r => height = (uint)r.GetInt64(0));

        var offered = new Dictionary<ulong, List<Htlc>>();
        var received = new Dictionary<ulong, List<Htlc>>();
        Query(connection, "SELECT scid, offered, id, amount_msat, payment_hash, cltv_expiry FROM htlcs ORDER BY scid, offered, id", r =>
        {
            var scid = FromColumn(r.GetInt64(0));
            var into = r.GetInt64(1) == 1 ? offered : received;
            if (!into.TryGetValue(scid, out var list))
            {
                into[scid] = list = [];
            }

            list.Add(new Htlc(FromColumn(r.GetInt64(2)), FromColumn(r.GetInt64(3)), (byte[])r[4], (uint)r.GetInt64(5)));
        });

        var channels = new Dictionary<ulong, StoredChannel>();
        Query(connection, """
            SELECT scid, capacity_msat, local_msat, remote_msat, next_offered_id, next_received_id,
                   fee_base_msat, fee_proportional_millionths, cltv_expiry_delta, htlc_minimum_msat, htlc_maximum_msat, enabled
            FROM channels
            """, r =>
        {
            var policy = new ChannelPolicy((uint)r.GetInt64(6), (uint)r.GetInt64(7), (ushort)r.GetInt64(8), FromColumn(r.GetInt64(9)), FromColumn(r.GetInt64(10)), r.GetInt64(11) != 0);
            var row = new ChannelSaved(FromColumn(r.GetInt64(0)), FromColumn(r.GetInt64(1)), FromColumn(r.GetInt64(2)), FromColumn(r.GetInt64(3)), FromColumn(r.GetInt64(4)), FromColumn(r.GetInt64(5)), policy);
            channels[row.Scid] = new StoredChannel(row, offered.GetValueOrDefault(row.Scid) ?? [], received.GetValueOrDefault(row.Scid) ?? []);
        });

        var circuits = new List<CircuitOpened>();
        Query(connection, "SELECT out_scid, out_id, in_scid, in_id, shared_secret, blinded_role, onion_sha256, ptlc_tweak FROM circuits", r =>
            circuits.Add(new CircuitOpened(
                FromColumn(r.GetInt64(0)), FromColumn(r.GetInt64(1)), FromColumn(r.GetInt64(2)), FromColumn(r.GetInt64(3)), (byte[])r[4], (int)r.GetInt64(5), r.IsDBNull(6) ? null : (byte[])r[6], r.IsDBNull(7) ? null : (byte[])r[7])));

        var origins = new List<OriginHtlcAdded>();
        Query(connection, "SELECT scid, id, payment_hash, ptlc_tweak FROM origin_htlcs", r =>
            origins.Add(new OriginHtlcAdded(FromColumn(r.GetInt64(0)), FromColumn(r.GetInt64(1)), (byte[])r[2], r.IsDBNull(3) ? null : (byte[])r[3])));

        var logs = new Dictionary<string, List<LinkAppended>>(StringComparer.Ordinal);
        Query(connection, "SELECT peer, seq, message, delay_ms FROM link_log ORDER BY peer, seq", r =>
        {
            var peer = r.GetString(0);
            if (!logs.TryGetValue(peer, out var list))
            {
                logs[peer] = list = [];
            }

            list.Add(new LinkAppended(peer, FromColumn(r.GetInt64(1)), (byte[])r[2], r.GetInt64(3)));
        });

        var links = new Dictionary<string, StoredLink>(StringComparer.Ordinal);
        Query(connection, "SELECT peer, epoch, peer_epoch, received_count, next_seq FROM links", r =>
        {
            var row = new LinkSaved(r.GetString(0), FromColumn(r.GetInt64(1)), FromColumn(r.GetInt64(2)), FromColumn(r.GetInt64(3)), FromColumn(r.GetInt64(4)));
            links[row.Peer] = new StoredLink(row, logs.GetValueOrDefault(row.Peer) ?? []);
        });

        var invoices = new List<InvoiceAdded>();
        Query(connection, """
            SELECT payment_hash, preimage, payment_secret, amount_msat, min_final_cltv_expiry_delta, created_at_ms, expires_at_ms, description
            FROM invoices WHERE state = 'open' AND expires_at_ms > $now
            """, r => invoices.Add(new InvoiceAdded(
                new Invoice((byte[])r[0], (byte[])r[2], FromColumn(r.GetInt64(3)), (ushort)r.GetInt64(4), TimeFromColumn(r.GetInt64(5)), TimeFromColumn(r.GetInt64(6)), r.GetString(7)),
                (byte[])r[1])),
            ("$now", ToColumn(now)));

        // The most recently paid invoices the book lists (GET /v1/invoices), oldest first.
        var paid = new List<PaidInvoice>();
        Query(connection, """
            SELECT payment_hash, amount_msat, paid_at_ms FROM (
                SELECT payment_hash, amount_msat, COALESCE(paid_at_ms, created_at_ms) AS paid_at_ms FROM invoices WHERE state = 'paid'
                ORDER BY paid_at_ms DESC LIMIT $kept)
            ORDER BY paid_at_ms
            """, r => paid.Add(new PaidInvoice(Convert.ToHexStringLower((byte[])r[0]), FromColumn(r.GetInt64(1)), TimeFromColumn(r.GetInt64(2)))),
            ("$kept", (long)InvoiceBook.PaidKept));

        // Every payment in flight, and the most recently ended ones the payment list keeps
        // (INSERT OR REPLACE gives a rewritten row a new rowid, so rowid order is the order of last change).
        var payments = new List<PaymentResult>();
        Query(connection, """
            SELECT result_json FROM (
                SELECT rowid, result_json FROM payments WHERE status = 'InFlight'
                UNION ALL
                SELECT * FROM (SELECT rowid, result_json FROM payments WHERE status <> 'InFlight' ORDER BY rowid DESC LIMIT $kept))
            ORDER BY rowid
            """, r => payments.Add(JsonSerializer.Deserialize<PaymentResult>(r.GetString(0), StoreJson.Options)!),
            ("$kept", (long)completedPaymentsKept));

        var replay = new List<ReplayRecorded>();
        Query(connection, "SELECT key, cltv_expiry FROM replay_entries", r => replay.Add(new ReplayRecorded(ReplayKey.Read((byte[])r[0]), (uint)r.GetInt64(1))));

        return new StoreSnapshot(height, channels, circuits, origins, links, invoices, paid, payments, replay) { PartSets = PartSetRows.Load(connection), SettledOrigins = OriginHtlcSettled.Load(connection) };
    }

    internal static void Query(SqliteConnection connection, string sql, Action<SqliteDataReader> row, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }
}
