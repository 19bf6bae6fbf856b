namespace LnRelay.Node.MultiPart;

/// <summary>
/// How a payer may split one payment into parts (BOLT 4 "Basic Multi-Part Payments", writer
/// requirements; docs/mpp.md, "Splitting policy"). The defaults follow lnd, scaled to
/// lnrelay's small simulated channels: up to <see cref="DefaultMaxParts"/> parts, never halving
/// below <see cref="DefaultMinPartMsat"/>, no fee limit, and no new part after
/// <see cref="DefaultDeadline"/>.
/// </summary>
public sealed record SplitPolicy
{
    /// <summary>lnd's <c>MaxParts</c> default.</summary>
    public const int DefaultMaxParts = 16;

    /// <summary>1,000 sat: lnd's 10,000-sat shard floor, scaled down for lnrelay's topologies.</summary>
    public const ulong DefaultMinPartMsat = 1_000_000;

    /// <summary>The payee's default hold time: a part sent later than this would meet a set already timed out.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    /// <summary>The policy of a payment that must not split (one HTLC at a time, as before multi-part payments).</summary>
    public static SplitPolicy SinglePart { get; } = new() { MaxParts = 1 };

    /// <summary>The most parts in the set at once (in flight or settled); 1 never splits.</summary>
    public int MaxParts { get; init; } = DefaultMaxParts;

    /// <summary>Halving stops here: no part is made smaller than this, except a remainder that is itself smaller.</summary>
    public ulong MinPartMsat { get; init; } = DefaultMinPartMsat;

    /// <summary>
    /// The largest part; null for none. A payment above it splits even where one route would
    /// carry it whole (lnd's <c>max_shard_size_msat</c>): parts of this size, the last the
    /// remainder. <c>lnrelay bench network --parts K</c> uses it to make every payment K parts.
    /// </summary>
    public ulong? MaxPartMsat { get; init; }

    /// <summary>The most the payment may pay in fees over all its parts; null for no limit.</summary>
    public ulong? MaxFeeMsat { get; init; }

    /// <summary>No new part is sent after this much time from the payment's start.</summary>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    public override string ToString() =>
        $"halve: at most {MaxParts} part(s), none below {MinPartMsat} msat{(MaxPartMsat is { } m ? $" nor above {m} msat" : "")}, fee limit {(MaxFeeMsat is { } f ? $"{f} msat" : "none")}, deadline {Deadline.TotalSeconds:0} s";
}
