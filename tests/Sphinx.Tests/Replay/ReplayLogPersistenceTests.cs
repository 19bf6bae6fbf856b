using LnRelay.Crypto;
using LnRelay.Sphinx.Replay;

namespace LnRelay.Sphinx.Tests.Replay;

public sealed class ReplayLogPersistenceTests
{
    private static byte[] Secret(int n) => Hashes.Sha256(BitConverter.GetBytes(n));

    [Fact]
    public void Accepted_onions_and_prunes_are_reported_in_order_and_replays_are_not()
    {
        var log = new RecordingPersistence();
        var guard = new OnionReplayGuard(10, log);
        guard.TryRecord(Secret(1), 100);
        guard.TryRecord(Secret(1), 100);
        guard.TryRecord(Secret(2), 200);
        guard.PruneExpired(50);
        guard.PruneExpired(150);

        Assert.Equal(["rec " + ReplayKey.Of(Secret(1)) + " 100", "rec " + ReplayKey.Of(Secret(2)) + " 200", "prune 150"], log.Events);
    }

    [Fact]
    public void A_guard_restored_from_the_reported_entries_refuses_the_same_onions()
    {
        var log = new RecordingPersistence();
        var first = new OnionReplayGuard(10, log);
        first.TryRecord(Secret(1), 100);
        first.TryRecord(Secret(2), 200);

        var second = new OnionReplayGuard(10);
        foreach (var (key, expiry) in log.Entries)
        {
            Assert.True(second.Restore(key, expiry));
        }

        Assert.False(second.Restore(log.Entries[0].Key, 100));
        Assert.Equal(ReplayGuardOutcome.Replayed, second.TryRecord(Secret(1), 100));
        Assert.Equal(ReplayGuardOutcome.Replayed, second.TryRecord(Secret(2), 100));
        Assert.Equal(ReplayGuardOutcome.Accepted, second.TryRecord(Secret(3), 300));
        Assert.Equal(1, second.PruneExpired(101));
    }

    [Fact]
    public void A_key_written_out_reads_back_equal()
    {
        var key = ReplayKey.Of(Secret(9));
        var bytes = new byte[ReplayKey.Size];
        key.WriteTo(bytes);
        Assert.Equal(key, ReplayKey.Read(bytes));
        Assert.Throws<ArgumentException>(() => ReplayKey.Read(bytes.AsSpan(1)));
    }

    private sealed class RecordingPersistence : IReplayLogPersistence
    {
        public List<string> Events { get; } = [];

        public List<(ReplayKey Key, uint Expiry)> Entries { get; } = [];

        public void Recorded(ReplayKey key, uint cltvExpiry)
        {
            Events.Add($"rec {key} {cltvExpiry}");
            Entries.Add((key, cltvExpiry));
        }

        public void Pruned(uint blockHeight) => Events.Add($"prune {blockHeight}");
    }
}
