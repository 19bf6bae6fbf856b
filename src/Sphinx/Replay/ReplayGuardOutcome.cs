namespace LnRelay.Sphinx.Replay;

/// <summary>What <see cref="OnionReplayGuard.TryRecord"/> decided for one onion.</summary>
public enum ReplayGuardOutcome
{
    /// <summary>First sighting: recorded until its CLTV expiry passes.</summary>
    Accepted,

    /// <summary>The same shared secret was seen before and has not expired: a replay, refused as a bad onion.</summary>
    Replayed,

    /// <summary>
    /// The log is at its capacity with unexpired entries. The onion is refused rather
    /// than evicting an entry, because eviction would reopen that entry to replay.
    /// </summary>
    LogFull,
}
