using System.Globalization;
using LnRelay.Node.Privacy;
using LnRelay.Orchestrator.Linkability;

namespace LnRelay.Orchestrator.Experiment;

/// <summary>
/// One mitigation setting of the experiment: a name and the privacy settings every node runs with;
/// <see cref="Widen"/>, for payer noise, is what a linker that knows the payers' noise range allows
/// on top of the policies (the cell is audited with and without it).
/// </summary>
internal sealed record Mitigation(string Name, string Describe, Func<Random, PrivacyOptions> Options)
{
    public Func<HeuristicParameters, HeuristicParameters>? Widen { get; init; }
}

/// <summary>
/// What <c>lnrelay experiment linkability</c> runs: every mitigation at every load (payments in
/// flight), each on a fresh network with the same seeded plan, then the audit of every colluder set.
/// </summary>
internal sealed record ExperimentOptions
{
    public const ulong BaseAmountMsat = 10_000_000;

    /// <summary>Amounts vary by up to this share either way…</summary>
    public const double AmountSpread = 0.10;

    /// <summary>…in steps of this many msat (100 sat): people pay round amounts, so equal amounts are common.</summary>
    public const ulong AmountStepMsat = 100_000;

    public int Payments { get; init; } = 240;

    public IReadOnlyList<int> Loads { get; init; } = [1, 16];

    public IReadOnlyList<string> Mitigations { get; init; } = Known;

    public IReadOnlyList<IReadOnlyList<string>> Colluders { get; init; } = [.. ExperimentTopology.DefaultColluders];

    public int Seed { get; init; } = 1;

    /// <summary>The locks to compare, each over every mitigation and load: "hash" (HTLC) and "point" (lnrelay-experimental point locks, docs/ptlc.md).</summary>
    public IReadOnlyList<string> LockKinds { get; init; } = ["hash"];

    public int ForwardDelayMs { get; init; }

    public int JitterMs { get; init; } = 100;

    public int BatchMs { get; init; } = 50;

    public uint ShadowBlocks { get; init; } = 144;

    /// <summary>noise: the most msat a payer overpays each relay's fee (10 sat: five times the default policy's fee on 10,000 sat).</summary>
    public ulong FeeNoiseMsat { get; init; } = 10_000;

    /// <summary>noise: the most blocks a payer adds to each relay's delta (one default delta).</summary>
    public uint CltvNoiseBlocks { get; init; } = 40;

    public string? Out { get; init; }

    public bool Json { get; init; }

    public static readonly IReadOnlyList<string> Known = ["none", "jitter", "batch", "shadow", "noise", "all"];

    public static readonly IReadOnlyList<string> Locks = ["hash", "point"];

    /// <summary>The named setting with this run's figures; the random source is the node's own, seeded.</summary>
    public Mitigation Mitigation(string name)
    {
        var delay = TimeSpan.FromMilliseconds(ForwardDelayMs);
        var jitter = TimeSpan.FromMilliseconds(JitterMs);
        var batch = TimeSpan.FromMilliseconds(BatchMs);
        var inv = CultureInfo.InvariantCulture;
        return name switch
        {
            "none" => new Mitigation(name, "no mitigation", _ => PrivacyOptions.None),
            "jitter" => new Mitigation(name, string.Create(inv, $"forward delay {ForwardDelayMs} + 0..{JitterMs} ms"), r => new PrivacyOptions { ForwardDelay = delay, ForwardJitter = jitter, Random = r }),
            "batch" => new Mitigation(name, string.Create(inv, $"batches every {BatchMs} ms"), r => new PrivacyOptions { BatchWindow = batch, Random = r }),
            "shadow" => new Mitigation(name, string.Create(inv, $"shadow CLTV 0..{ShadowBlocks} blocks"), r => new PrivacyOptions { ShadowCltvMaxBlocks = ShadowBlocks, Random = r }),
            "noise" => new Mitigation(name, string.Create(inv, $"payer noise per relay 0..{FeeNoiseMsat} msat fee, 0..{CltvNoiseBlocks} blocks delta"), r => new PrivacyOptions { FeeNoiseMaxMsat = FeeNoiseMsat, CltvNoiseMaxBlocks = CltvNoiseBlocks, Random = r }) { Widen = WidenByNoise },
            "all" => new Mitigation(name, "all four", r => new PrivacyOptions { ForwardDelay = delay, ForwardJitter = jitter, BatchWindow = batch, ShadowCltvMaxBlocks = ShadowBlocks, FeeNoiseMaxMsat = FeeNoiseMsat, CltvNoiseMaxBlocks = CltvNoiseBlocks, Random = r }) { Widen = WidenByNoise },
            _ => throw new ArgumentException($"unknown mitigation '{name}'", nameof(name)),
        };
    }

    /// <summary>A linker that knows the payers' noise range: each honest hop may keep up to that much more fee and add that many more blocks.</summary>
    private HeuristicParameters WidenByNoise(HeuristicParameters p) => p with
    {
        FeeBaseMaxMsat = checked(p.FeeBaseMaxMsat + (uint)FeeNoiseMsat),
        CltvDeltaMax = checked(p.CltvDeltaMax + CltvNoiseBlocks),
    };
}
