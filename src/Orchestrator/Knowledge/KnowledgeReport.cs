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
    string Limit)
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
        "Point time-locked contracts (PTLCs) would give each hop a different payment point.";

    /// <summary>Reads a network folder's logs and builds the report for one payment, or the most recent multi-hop one when <paramref name="paymentHash"/> is null.</summary>
    public static KnowledgeResult FromFolder(string directory, string? paymentHash = null)
    {
        var logs = NetworkLogs.FromFolder(directory);
        return logs.Logs is null ? KnowledgeResult.Failed(logs.Error!) : KnowledgeReportBuilder.Build(logs.Logs, paymentHash);
    }
}

/// <summary>The report, or an error that says what was wrong and what to do.</summary>
internal sealed record KnowledgeResult(KnowledgeReport? Report, string? Error, string? Chosen = null)
{
    public bool Succeeded => Report is not null;

    internal static KnowledgeResult Failed(string error) => new(null, error);
}
