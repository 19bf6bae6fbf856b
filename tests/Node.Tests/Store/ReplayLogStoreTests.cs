using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Node.Store;
using LnRelay.Sphinx.Replay;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// The replay log on disk (BOLT 4 "Onion Decryption": a replay must be refused, a restart is no
/// excuse; docs/store.md): kept in arrival order since migration 8, read back whole at start.
/// </summary>
public sealed class ReplayLogStoreTests : IDisposable
{
    private readonly StoreFolder _folder = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_onion_seen_before_a_restart_is_refused_after_it_and_a_pruned_one_stays_forgotten()
    {
        var secrets = Enumerable.Range(0, 300).Select(i => Secret(i)).ToList();
        using (var store = _folder.Open())
        {
            var empty = store.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
            using var writer = store.StartWriter();
            var guard = new OnionReplayGuard(1000, new ReplayJournal(writer));
            NodeResume.Apply(_folder.DbPath, empty, writer, _folder.NodeKey, 100, [], new InvoiceBook(_time) { Journal = writer }, new PaymentStore { Journal = writer }, guard);
            for (var i = 0; i < secrets.Count; i++)
            {
                // Expiries 600..899, not in arrival order: the prune must not rely on it.
                Assert.Equal(ReplayGuardOutcome.Accepted, guard.TryRecord(secrets[i], (uint)(600 + ((i * 7) % 300))));
            }

            Assert.Equal(100, guard.PruneExpired(700));
            await writer.WhenDurable(writer.StagedMark);
        }

        using var reopened = _folder.Open();
        var restored = new OnionReplayGuard(1000);
        NodeResume.Apply(_folder.DbPath, reopened.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept), InMemoryJournal.Instance, _folder.NodeKey, 700, [], new InvoiceBook(_time), new PaymentStore(), restored);

        Assert.Equal(200, restored.Count);
        for (var i = 0; i < secrets.Count; i++)
        {
            var expiry = (uint)(600 + ((i * 7) % 300));
            var expected = expiry < 700 ? ReplayGuardOutcome.Accepted : ReplayGuardOutcome.Replayed;
            Assert.Equal(expected, restored.TryRecord(secrets[i], 900));
        }
    }

    [Fact]
    public void A_store_written_before_migration_8_keeps_its_replay_log()
    {
        var before = StoreSchema.Migrations.Where(m => m.Version < 8).ToList();
        NodeStore.Open(_folder.DbPath, _folder.NodeId, before).Dispose();
        var kept = Enumerable.Range(0, 50).Select(i => (Key: ReplayKey.Of(Secret(i)), Expiry: (uint)(1000 + i))).ToList();
        using (var connection = _folder.Connect())
        {
            foreach (var (key, expiry) in kept)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO replay_log (key, cltv_expiry) VALUES ($key, $expiry)";
                var bytes = new byte[ReplayKey.Size];
                key.WriteTo(bytes);
                insert.Parameters.AddWithValue("$key", bytes);
                insert.Parameters.AddWithValue("$expiry", (long)expiry);
                insert.ExecuteNonQuery();
            }
        }

        using var migrated = _folder.Open();
        var snapshot = migrated.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept);
        Assert.Equal(kept.OrderBy(k => k.Key.High).ThenBy(k => k.Key.Low), snapshot.ReplayLog.Select(r => (r.Key, r.CltvExpiry)).OrderBy(k => k.Key.High).ThenBy(k => k.Key.Low));
        var guard = new OnionReplayGuard(1000);
        NodeResume.Apply(_folder.DbPath, snapshot, InMemoryJournal.Instance, _folder.NodeKey, 900, [], new InvoiceBook(_time), new PaymentStore(), guard);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(ReplayGuardOutcome.Replayed, guard.TryRecord(Secret(i), 2000)));

        using var connectionAfter = _folder.Connect();
        using var tables = connectionAfter.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name IN ('replay_log', 'replay_log_by_expiry')";
        Assert.Equal(0L, tables.ExecuteScalar());
    }

    private static byte[] Secret(int i)
    {
        var secret = new byte[32];
        new Random(i).NextBytes(secret);
        return secret;
    }
}
