namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// What every node on one payment's route knew, one row per node in route order
/// (origin first), each derived from that node's own log. See
/// <see cref="KnowledgeReportBuilder"/> for how each cell is derived.
/// </summary>
internal sealed record KnowledgeReport(
    string PaymentHash,
    string Outcome,
    IReadOnlyList<HopKnowledge> Rows,
    int Attempts,
    IReadOnlyList<string> Footnotes,
    IReadOnlyList<string> Notes,
    string Limit,
    string LockKind = "hash",
    IReadOnlyList<HopLock>? Locks = null)
{
    /// <summary>For a payment sent as several HTLCs (parts, or retries): each one's route and which each node saw (docs/mpp.md); null for one HTLC.</summary>
    public PartsKnowledge? Parts { get; init; }

    /// <summary>
    /// The limit the table cannot hide: BOLT 4 onions hide the route, but every HTLC of a
    /// payment carries the same payment_hash (BOLT 2 update_add_htlc), and amounts and
    /// expiries shrink predictably along it.
    /// </summary>
    public const string HonestLimit =
        "Every hop saw the same payment_hash, so hops that collude (or one operator running several nodes) " +
        "can link their views of this payment and learn together what none knew alone: " +
        "e.g. the first relay (which saw the origin as a peer) and the last (which saw the payee as a peer). " +
        "Amounts and expiries that shrink by each hop's fee and delta, and timing, also help them. " +
        "Point time-locked contracts (PTLCs) give each hop a different lock point: try 'lnrelay pay --lock point' (experimental, docs/ptlc.md).";

    /// <summary>
    /// The limit of a point-locked payment (lnrelay-experimental PTLC, docs/ptlc.md): no lock is
    /// shared, so the identifier link is gone; what remains is what lnrelay audit linkability's
    /// heuristic measures.
    /// </summary>
    public const string PointLockLimit =
        "Every hop saw a different lock point (lnrelay-experimental PTLC, docs/ptlc.md) and settled with a different scalar: " +
        "no identifier is shared, so colluding hops cannot link their views of this payment by its lock. " +
        "What still links them is what the onion cannot hide: amounts that shrink by each hop's fee, expiries that shrink by each hop's delta, " +
        "and timing; 'lnrelay audit linkability' measures how much of that a heuristic still links (docs/ptlc.md, \"What it does not protect\").";

    /// <summary>Reads a network folder's logs and builds the report for one payment, or the most recent multi-hop one when <paramref name="paymentHash"/> is null.</summary>
    public static KnowledgeResult FromFolder(string directory, string? paymentHash = null)
    {
        var logs = NetworkLogs.FromFolder(directory);
        return logs.Logs is null ? KnowledgeResult.Failed(logs.Error!) : KnowledgeReportBuilder.Build(logs.Logs, paymentHash);
    }
}

/// <summary>The lock one hop's HTLCs carried: the one it received and (a relay) the one it sent on, as hex.</summary>
internal sealed record HopLock(string Node, string? LockIn, string? LockOut);

/// <summary>The report, or an error that says what was wrong and what to do.</summary>
internal sealed record KnowledgeResult(KnowledgeReport? Report, string? Error, string? Chosen = null)
{
    public bool Succeeded => Report is not null;

    internal static KnowledgeResult Failed(string error) => new(null, error);
}
