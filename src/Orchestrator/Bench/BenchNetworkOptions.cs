using System.Globalization;
using LnRelay.Node.Store;
using LnRelay.Orchestrator.Client;

namespace LnRelay.Orchestrator.Bench;

/// <summary>How the rate of <c>bench network</c> is chosen.</summary>
internal enum BenchRateMode
{
    /// <summary>As fast as it goes, then a second phase paced at half the rate measured.</summary>
    MaxThenHalf,

    /// <summary>As fast as it goes, one phase only.</summary>
    Max,

    /// <summary>One phase paced at <see cref="BenchNetworkOptions.Rate"/> payments per second.</summary>
    Fixed,
}

/// <summary>The options of <c>lnrelay bench network</c>, checked.</summary>
internal sealed record BenchNetworkOptions
{
    public const int DefaultLineNodes = 5;
    /// <summary>The most nodes one process is asked to host; the open-file limit may allow fewer (FileLimits says so before any starts).</summary>
    public const int MaxNodes = 10_000;
    public const int MaxPayments = 10_000_000;

    /// <summary>A channel accepts at most 483 HTLCs in flight (BOLT 2); on a line every payment shares every channel.</summary>
    public const int MaxConcurrency = 400;

    /// <summary>Each payment's amount: small beside the channels, so balances never run out.</summary>
    public const ulong AmountMsat = 10_000;

    /// <summary>
    /// Payments per simulated block: the replay logs reach their steady state after about
    /// (the longest route's expiry span in blocks) x 200 payments, and a payment in flight
    /// sees at most a block or two, well inside the payer's 3 blocks of final padding.
    /// </summary>
    public const int DefaultBlockEvery = 200;

    public const int MaxBlockEvery = 1_000_000;

    public const int DefaultPayments = 5_000;

    /// <summary>--parts at most: the payer's default part limit (lnd's 16; docs/mpp.md).</summary>
    public const int MaxParts = 16;

    public const int DefaultConcurrency = 32;

    public const int DefaultSeed = 1;

    /// <summary>--rate's default: <see cref="BenchRateMode.MaxThenHalf"/>.</summary>
    public const string DefaultRate = "auto";

    /// <summary>Null: the five-node line. A number: a random connected graph of that many nodes.</summary>
    public int? Nodes { get; init; }

    public int Payments { get; init; } = DefaultPayments;

    public int Concurrency { get; init; } = DefaultConcurrency;

    public BenchRateMode RateMode { get; init; } = BenchRateMode.MaxThenHalf;

    /// <summary>Payments per second when <see cref="RateMode"/> is <see cref="BenchRateMode.Fixed"/>.</summary>
    public double Rate { get; init; }

    /// <summary>Percent of payments sent to a hash the payee never issued: they must fail, and are counted apart.</summary>
    public double FailPercent { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Drive payments through the control APIs (HTTP) rather than calling the payer in process.</summary>
    public bool ViaApi { get; init; }

    /// <summary>Keep the network folder (keys, logs) here; null: a temporary folder, deleted at the end.</summary>
    public string? Out { get; init; }

    public bool Json { get; init; }

    /// <summary>Consecutive ports from here (node i: BASE+2i, BASE+2i+1), or null: free ports chosen at init.</summary>
    public int? BasePort { get; init; }

    /// <summary>--processes: host the nodes in this many child processes (<see cref="ShardPlan.Auto"/>: as few as the open-file limit allows); null: in this process.</summary>
    public int? Processes { get; init; }

    /// <summary>Payments per simulated block (<see cref="BenchChain"/>); 0: the chain stands still.</summary>
    public int BlockEvery { get; init; } = DefaultBlockEvery;

    /// <summary>Measure a network whose nodes keep their stores (docs/store.md): the default.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>The locks to measure, in order: "hash" (HTLC), "point" (lnrelay-experimental PTLC, docs/ptlc.md), or both, side by side.</summary>
    public IReadOnlyList<string> Locks { get; init; } = ["hash"];

    /// <summary>
    /// --parts K: every payment of a second run goes as K parts (the payer's largest part is
    /// the amount / K, docs/mpp.md), measured beside single-part payments with the same plan;
    /// 1 (the default): single-part payments only.
    /// </summary>
    public int Parts { get; init; } = 1;

    /// <summary>The part counts to measure, in order: 1, then <see cref="Parts"/> if above 1.</summary>
    public IReadOnlyList<int> PartCounts => Parts > 1 ? [1, Parts] : [1];

    /// <summary>How hard the durable nodes' commits push to the disk (--sync; docs/store.md): full unless asked.</summary>
    public StoreSynchronous Sync { get; init; } = StoreSynchronous.Full;

    /// <summary>Measure a network of nodes without stores too (first), for the comparison.</summary>
    public bool InMemory { get; init; }

    /// <summary>The networks to measure, in order: in-memory first (if asked), then durable.</summary>
    public IReadOnlyList<bool> InMemoryRuns => [.. new[] { InMemory ? (bool?)true : null, Durable ? false : null }.OfType<bool>()];

    public bool IsLine => Nodes is null;

    public int NodeCount => Nodes ?? DefaultLineNodes;

    /// <summary>--sync's value: full or normal, or a <see cref="UsageException"/> that names both.</summary>
    public static StoreSynchronous ParseSync(string text) =>
        StoreSynchronousNames.TryParse(text) ?? throw new UsageException($"--sync: full (each commit synced: survives a power cut) or normal (no fsync per commit: survives a killed process, not an OS crash) (got '{text}').");

    /// <summary>Checks every value; a bad one is a <see cref="UsageException"/> that says what is accepted.</summary>
    public static BenchNetworkOptions Create(int? nodes, int payments, int concurrency, string rate, double failPercent, int seed, bool viaApi, string? output, bool json, int blockEvery, bool durable = true, bool inMemory = false, string locks = "hash", int parts = 1)
    {
        if (parts is < 1 or > MaxParts)
        {
            throw new UsageException($"--parts: from 2 to {MaxParts} parts per payment, measured beside single-part payments (got {parts}); leave it out for single-part payments only.");
        }

        var lockKinds = locks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (lockKinds.Count == 0 || lockKinds.Any(l => !PaymentSender.LockKinds.Contains(l)))
        {
            throw new UsageException($"--lock: hash, point, or hash,point to measure both side by side (got '{locks}').");
        }

        if (!durable && !inMemory)
        {
            throw new UsageException("--durable false leaves nothing to measure: add --in-memory (nodes without stores), or drop --durable false.");
        }

        if (nodes is { } n && n is < 2 or > MaxNodes)
        {
            throw new UsageException($"--nodes: from 2 to {MaxNodes} (got {n}); leave it out for the five-node line.");
        }

        if (payments is < 1 or > MaxPayments)
        {
            throw new UsageException($"--payments: from 1 to {MaxPayments:N0} (got {payments}).");
        }

        if (concurrency is < 1 or > MaxConcurrency)
        {
            throw new UsageException($"--concurrency: from 1 to {MaxConcurrency} payments in flight (got {concurrency}); a channel holds at most 483 HTLCs (BOLT 2).");
        }

        if (failPercent is < 0 or > 100 || double.IsNaN(failPercent))
        {
            throw new UsageException($"--fail-percent: from 0 to 100 (got {failPercent}).");
        }

        if (output is not null && Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new UsageException($"--out: {output} is not empty; the benchmark writes a fresh network there. Choose a new folder.");
        }

        if (blockEvery is < 0 or > MaxBlockEvery)
        {
            throw new UsageException($"--block-every: payments per simulated block, from 1 to {MaxBlockEvery:N0}, or 0 to keep the chain still (got {blockEvery}).");
        }

        var (mode, perSecond) = ParseRate(rate);
        return new BenchNetworkOptions
        {
            Nodes = nodes,
            Locks = lockKinds,
            Parts = parts,
            Payments = payments,
            Concurrency = concurrency,
            RateMode = mode,
            Rate = perSecond,
            FailPercent = failPercent,
            Seed = seed,
            ViaApi = viaApi,
            Out = output,
            Json = json,
            BlockEvery = blockEvery,
            Durable = durable,
            InMemory = inMemory,
        };
    }

    private static (BenchRateMode Mode, double Rate) ParseRate(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case DefaultRate:
                return (BenchRateMode.MaxThenHalf, 0);
            case "max":
                return (BenchRateMode.Max, 0);
            default:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 1_000_000)
                {
                    return (BenchRateMode.Fixed, value);
                }

                throw new UsageException($"--rate: 'auto' (as fast as it goes, then half that rate), 'max' (as fast as it goes only), or payments per second from 0.001 to 1000000 (got '{text}').");
        }
    }
}
