namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// Channel sizes of generated topologies (docs/topology.md "Generated topologies"): log-normal,
/// with the mean of the public network's channels (about 7.3 M sat in mid-2023, Bitcoin
/// Visuals' "capacity per channel") and a spread chosen so that half the channels hold under
/// about 3.6 M sat; clamped to lnd's smallest default channel (minchansize, 20,000 sat) and
/// 5 BTC; whole thousands of satoshis (init funds whole satoshis, docs/chain.md).
/// </summary>
internal static class ChannelCapacities
{
    public const double MeanSat = 7_300_000;

    /// <summary>The standard deviation of ln(capacity): this generator's choice, not a measurement.</summary>
    public const double LogSpread = 1.2;

    public const ulong MinSat = 20_000;
    public const ulong MaxSat = 500_000_000;
    private const ulong RoundingSat = 1_000;
    private const ulong MsatPerSat = 1_000;

    /// <summary>ln of the median: a log-normal's mean is exp(mu + sigma²/2).</summary>
    private static readonly double LogMedian = Math.Log(MeanSat) - (LogSpread * LogSpread / 2);

    public static ulong DrawMsat(SeededRandom random)
    {
        var sat = Math.Exp(LogMedian + (LogSpread * random.NextGaussian()));
        var rounded = (ulong)Math.Round(Math.Clamp(sat, MinSat, MaxSat) / RoundingSat) * RoundingSat;
        return rounded * MsatPerSat;
    }
}
