namespace LnRelay.Node.Store;

/// <summary>
/// The store's tables (docs/store.md), as numbered migrations: a new database gets every
/// step in order in one transaction, an older one the steps it lacks, each in its own
/// transaction; each step's number is recorded in <c>schema_version</c>. A step is never edited once released: a change
/// is a new step.
/// <para>
/// Amounts, ids and heights are SQLite INTEGERs holding the unsigned value's 64-bit
/// pattern (<see cref="StoreValues"/>): exact for every u64, and plain positive numbers
/// for every amount up to 21 million BTC.
/// </para>
/// </summary>
internal static class StoreSchema
{
    /// <summary>The newest version this code knows; a database with a higher one is refused.</summary>
    public static int CurrentVersion => Migrations[^1].Version;

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "the node's state: channels, HTLCs, circuits, links, invoices, payments, replay log", """
            CREATE TABLE node (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                node_id BLOB NOT NULL,
                block_height INTEGER NOT NULL
            );
            CREATE TABLE channels (
                scid INTEGER PRIMARY KEY,
                capacity_msat INTEGER NOT NULL,
                local_msat INTEGER NOT NULL,
                remote_msat INTEGER NOT NULL,
                next_offered_id INTEGER NOT NULL,
                next_received_id INTEGER NOT NULL,
                fee_base_msat INTEGER NOT NULL,
                fee_proportional_millionths INTEGER NOT NULL,
                cltv_expiry_delta INTEGER NOT NULL,
                htlc_minimum_msat INTEGER NOT NULL,
                htlc_maximum_msat INTEGER NOT NULL,
                enabled INTEGER NOT NULL
            );
            CREATE TABLE htlcs (
                scid INTEGER NOT NULL,
                offered INTEGER NOT NULL,
                id INTEGER NOT NULL,
                amount_msat INTEGER NOT NULL,
                payment_hash BLOB NOT NULL,
                cltv_expiry INTEGER NOT NULL,
                PRIMARY KEY (scid, offered, id)
            ) WITHOUT ROWID;
            CREATE TABLE circuits (
                out_scid INTEGER NOT NULL,
                out_id INTEGER NOT NULL,
                in_scid INTEGER NOT NULL,
                in_id INTEGER NOT NULL,
                shared_secret BLOB NOT NULL,
                PRIMARY KEY (out_scid, out_id)
            ) WITHOUT ROWID;
            CREATE TABLE origin_htlcs (
                scid INTEGER NOT NULL,
                id INTEGER NOT NULL,
                payment_hash BLOB NOT NULL,
                PRIMARY KEY (scid, id)
            ) WITHOUT ROWID;
            CREATE TABLE links (
                peer TEXT PRIMARY KEY,
                epoch INTEGER NOT NULL,
                peer_epoch INTEGER NOT NULL,
                received_count INTEGER NOT NULL,
                next_seq INTEGER NOT NULL
            );
            CREATE TABLE link_log (
                peer TEXT NOT NULL,
                seq INTEGER NOT NULL,
                message BLOB NOT NULL,
                delay_ms INTEGER NOT NULL,
                PRIMARY KEY (peer, seq)
            ) WITHOUT ROWID;
            CREATE TABLE invoices (
                payment_hash BLOB PRIMARY KEY,
                preimage BLOB NOT NULL,
                payment_secret BLOB NOT NULL,
                amount_msat INTEGER NOT NULL,
                min_final_cltv_expiry_delta INTEGER NOT NULL,
                created_at_ms INTEGER NOT NULL,
                expires_at_ms INTEGER NOT NULL,
                description TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('open', 'paid'))
            ) WITHOUT ROWID;
            CREATE TABLE payments (
                payment_hash TEXT PRIMARY KEY,
                payee TEXT NOT NULL,
                amount_msat INTEGER NOT NULL,
                status TEXT NOT NULL,
                result_json TEXT NOT NULL
            );
            CREATE TABLE replay_log (
                key BLOB PRIMARY KEY,
                cltv_expiry INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX replay_log_by_expiry ON replay_log (cltv_expiry);
            """),
        new(2, "when each invoice was paid, so a restarted payee still lists its paid invoices", """
            ALTER TABLE invoices ADD COLUMN paid_at_ms INTEGER;
            """),
        new(3, "each forward's place in a blinded path and the SHA256 of the onion it received, so a restarted node still answers invalid_onion_blinding", """
            ALTER TABLE circuits ADD COLUMN blinded_role INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE circuits ADD COLUMN onion_sha256 BLOB;
            """),
        new(4, "multi-part payments the payee holds: each set's total and deadline, and its parts (docs/mpp.md)", """
            CREATE TABLE mpp_sets (
                payment_hash BLOB PRIMARY KEY,
                total_msat INTEGER NOT NULL,
                deadline_ms INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE mpp_parts (
                payment_hash BLOB NOT NULL,
                scid INTEGER NOT NULL,
                htlc_id INTEGER NOT NULL,
                amount_msat INTEGER NOT NULL,
                shared_secret BLOB NOT NULL,
                arrived_at_ms INTEGER NOT NULL,
                PRIMARY KEY (scid, htlc_id)
            ) WITHOUT ROWID;
            CREATE INDEX mpp_parts_by_hash ON mpp_parts (payment_hash);
            """),
        new(5, "point-locked payments (docs/ptlc.md): the tweak a relay subtracts when it settles upstream, and the payer's own y_0 to recover z", """
            ALTER TABLE circuits ADD COLUMN ptlc_tweak BLOB;
            ALTER TABLE origin_htlcs ADD COLUMN ptlc_tweak BLOB;
            """),
        new(6, "held multi-part parts that came through a blinded path (how to fail them) or are point-locked (the tweak sum to settle each with its own scalar; docs/mpp.md)", """
            ALTER TABLE mpp_parts ADD COLUMN blinded_role INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE mpp_parts ADD COLUMN onion_sha256 BLOB;
            ALTER TABLE mpp_parts ADD COLUMN ptlc_tweak_sum BLOB;
            """),
        new(7, "a settled origin HTLC's secret and amount, kept until the payer records the payment's end, so a restart between the two still ends it as a success (docs/store.md)", """
            ALTER TABLE origin_htlcs ADD COLUMN preimage BLOB;
            ALTER TABLE origin_htlcs ADD COLUMN settled_msat INTEGER;
            """),
        new(8, "the replay log kept in the order onions arrive (a rowid table, no index): a random key no longer writes a page of its own per onion; lookups are in memory (docs/store.md)", """
            CREATE TABLE replay_entries (
                cltv_expiry INTEGER NOT NULL,
                key BLOB NOT NULL
            );
            INSERT INTO replay_entries (cltv_expiry, key) SELECT cltv_expiry, key FROM replay_log ORDER BY cltv_expiry;
            DROP TABLE replay_log;
            """),
        new(9, "the link log as a rowid table without an index: an update_add_htlc (about 1.4 KB) no longer spills to an overflow page, as it did on a WITHOUT ROWID table's leaf (docs/store.md)", """
            CREATE TABLE link_log_rows (
                peer TEXT NOT NULL,
                seq INTEGER NOT NULL,
                message BLOB NOT NULL,
                delay_ms INTEGER NOT NULL
            );
            INSERT INTO link_log_rows (peer, seq, message, delay_ms) SELECT peer, seq, message, delay_ms FROM link_log ORDER BY peer, seq;
            DROP TABLE link_log;
            ALTER TABLE link_log_rows RENAME TO link_log;
            """),
    ];

    /// <summary>One step: its number, what it is for (kept in schema_version), and its SQL.</summary>
    internal sealed record Migration(int Version, string Description, string Sql);
}
