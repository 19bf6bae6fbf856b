using LnRelay.Crypto;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Replay;
using LnRelay.Sphinx.Tests.Onion;

namespace LnRelay.Sphinx.Tests.Replay;

public sealed class OnionReplayGuardTests
{
    private static byte[] Secret(int n) => Hashes.Sha256(BitConverter.GetBytes(n));

    [Fact]
    public void SameSecretTwice_IsReplayed()
    {
        var guard = new OnionReplayGuard(10);
        Assert.Equal(ReplayGuardOutcome.Accepted, guard.TryRecord(Secret(1), 100));
        Assert.Equal(ReplayGuardOutcome.Replayed, guard.TryRecord(Secret(1), 100));
        Assert.Equal(ReplayGuardOutcome.Replayed, guard.TryRecord(Secret(1), 500));
        Assert.Equal(ReplayGuardOutcome.Accepted, guard.TryRecord(Secret(2), 100));
    }

    [Fact]
    public void EntriesArePruned_OnceTheHeightPassesTheirExpiry()
    {
        var guard = new OnionReplayGuard(10);
        guard.TryRecord(Secret(1), 100);
        guard.TryRecord(Secret(2), 200);
        Assert.Equal(0, guard.PruneExpired(100));
        Assert.Equal(1, guard.PruneExpired(101));
        Assert.Equal(1, guard.Count);
        Assert.Equal(ReplayGuardOutcome.Accepted, guard.TryRecord(Secret(1), 300));
        Assert.Equal(ReplayGuardOutcome.Replayed, guard.TryRecord(Secret(2), 300));
    }

    [Fact]
    public void FullLog_RefusesNewOnions_WithoutEvictingUnexpiredOnes()
    {
        var guard = new OnionReplayGuard(2);
        guard.TryRecord(Secret(1), 100);
        guard.TryRecord(Secret(2), 100);
        Assert.Equal(ReplayGuardOutcome.LogFull, guard.TryRecord(Secret(3), 100));
        Assert.Equal(ReplayGuardOutcome.Replayed, guard.TryRecord(Secret(1), 100));
        guard.PruneExpired(101);
        Assert.Equal(ReplayGuardOutcome.Accepted, guard.TryRecord(Secret(3), 200));
    }

    [Fact]
    public void ConcurrentRecords_AcceptEachSecretExactlyOnce()
    {
        var guard = new OnionReplayGuard(100_000);
        var accepted = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                if (guard.TryRecord(Secret(i), (uint)i) == ReplayGuardOutcome.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        });
        Assert.Equal(5_000, accepted);
        Assert.Equal(5_000, guard.Count);
    }

    [Fact]
    public void ReplayedOnion_IsRefusedAsABadOnion()
    {
        var vector = OnionVectorRoute.Load();
        using var key = PrivateKey.Create(vector.PrivateKeys[0]);
        var guard = new OnionReplayGuard(10);
        var first = OnionPeeler.Peel(key, vector.AssociatedData, vector.Onion, new byte[OnionPeeler.BufferSize], guard, 600);
        Assert.Equal(OnionPeelOutcome.Forward, first.Outcome);

        var second = OnionPeeler.Peel(key, vector.AssociatedData, vector.Onion, new byte[OnionPeeler.BufferSize], guard, 600);
        Assert.Equal(OnionPeelOutcome.Malformed, second.Outcome);
        Assert.Equal(OnionPeelRefusal.Replayed, second.Refusal);
        Assert.Equal(FailureCode.InvalidOnionHmac, second.FailureCode);
        Assert.Equal(Hashes.Sha256(vector.Onion), second.Sha256OfOnion.ToArray());
    }

    [Fact]
    public void OnionWithBadHmac_DoesNotTakeASlot()
    {
        var vector = OnionVectorRoute.Load();
        using var key = PrivateKey.Create(vector.PrivateKeys[0]);
        var guard = new OnionReplayGuard(1);
        var corrupted = (byte[])vector.Onion.Clone();
        corrupted[^1] ^= 1;
        Assert.Equal(OnionPeelRefusal.HmacMismatch, OnionPeeler.Peel(key, vector.AssociatedData, corrupted, new byte[OnionPeeler.BufferSize], guard, 600).Refusal);
        Assert.Equal(0, guard.Count);
    }

    [Fact]
    public void FullLog_RefusesAnAuthenticOnion_WithAnEncryptedTemporaryNodeFailure()
    {
        var vector = OnionVectorRoute.Load();
        using var key = PrivateKey.Create(vector.PrivateKeys[0]);
        var guard = new OnionReplayGuard(1);
        guard.TryRecord(Secret(9), 1000);
        var result = OnionPeeler.Peel(key, vector.AssociatedData, vector.Onion, new byte[OnionPeeler.BufferSize], guard, 600);
        Assert.Equal(OnionPeelOutcome.PayloadFailure, result.Outcome);
        Assert.Equal(OnionPeelRefusal.ReplayLogFull, result.Refusal);
        Assert.Equal(FailureCode.TemporaryNodeFailure, result.FailureCode);
        Assert.Equal(32, result.SharedSecret.Length);
    }

    [Fact]
    public void PeelThenRecordReplay_GivesWhatTheOneStepPeelGives()
    {
        // The switch peels outside its lock and records the onion under it (docs/performance.md).
        var vector = OnionVectorRoute.Load();
        using var key = PrivateKey.Create(vector.PrivateKeys[0]);
        var guard = new OnionReplayGuard(1);
        var buffer = new byte[OnionPeeler.BufferSize];

        var first = OnionPeeler.RecordReplay(OnionPeeler.Peel(key, vector.AssociatedData, vector.Onion, buffer), vector.Onion, buffer, guard, 600);
        Assert.Equal(OnionPeelOutcome.Forward, first.Outcome);
        Assert.Equal(1, guard.Count);
        var next = first.NextPacket.ToArray();

        var again = OnionPeeler.RecordReplay(OnionPeeler.Peel(key, vector.AssociatedData, vector.Onion, buffer), vector.Onion, buffer, guard, 600);
        Assert.Equal(OnionPeelRefusal.Replayed, again.Refusal);
        Assert.Equal(FailureCode.InvalidOnionHmac, again.FailureCode);
        Assert.Equal(Hashes.Sha256(vector.Onion), again.Sha256OfOnion.ToArray());

        using var other = PrivateKey.Create(vector.PrivateKeys[1]);
        var full = OnionPeeler.RecordReplay(OnionPeeler.Peel(other, vector.AssociatedData, next, buffer), next, buffer, guard, 600);
        Assert.Equal(OnionPeelRefusal.ReplayLogFull, full.Refusal);
        Assert.Equal(FailureCode.TemporaryNodeFailure, full.FailureCode);
    }
}
