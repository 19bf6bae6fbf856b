namespace LnRelay.Sphinx.Replay;

/// <summary>
/// Where an <see cref="OnionReplayGuard"/> reports its changes so that a node can keep the
/// log across restarts (BOLT 4 "Onion Decryption": a replay must be refused, a restart is
/// no excuse). Called under the guard's lock, in the order of the changes: implementations
/// must be quick and must not call back into the guard.
/// </summary>
public interface IReplayLogPersistence
{
    /// <summary>An onion was accepted: <paramref name="key"/> is kept until <paramref name="cltvExpiry"/> passes.</summary>
    void Recorded(ReplayKey key, uint cltvExpiry);

    /// <summary>Every entry whose expiry is below <paramref name="blockHeight"/> was forgotten.</summary>
    void Pruned(uint blockHeight);
}
