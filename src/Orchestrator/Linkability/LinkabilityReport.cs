namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// What colluders can link (<see cref="LinkabilityAudit"/>): each colluder's observations and
/// the payments they belong to, then each method's score. <see cref="Parameters"/> describes the
/// heuristic linker's settings; <see cref="HeuristicByGap"/> counts its correct links by the
/// number of honest hops it assumed between the two colluders; <see cref="WrongExamples"/> shows
/// a few of its mistakes.
/// </summary>
internal sealed record LinkabilityReport(
    IReadOnlyList<string> Colluders,
    IReadOnlyList<ColluderView> Views,
    int PaymentsRecorded,
    IReadOnlyList<LinkScore> Scores,
    string Parameters,
    IReadOnlyDictionary<int, int> HeuristicByGap,
    IReadOnlyList<string> Notes)
{
    /// <summary>A few of the heuristic's wrong links, described, so a reader can see why it erred.</summary>
    public IReadOnlyList<string> WrongExamples { get; init; } = [];

    public const string IdentifierMethod = "identifier";
    public const string HeuristicMethod = "heuristic";

    public LinkScore Identifier => Scores.Single(s => s.Method == IdentifierMethod);

    public LinkScore Heuristic => Scores.Single(s => s.Method == HeuristicMethod);
}

/// <summary>One colluder's share: the HopViews in its own log and how many payments they belong to.</summary>
internal sealed record ColluderView(string Node, int Observations, int Payments);

/// <summary>The report, or why there is none (what to do is in the message).</summary>
internal sealed record LinkabilityResult(LinkabilityReport? Report, string? Error)
{
    internal static LinkabilityResult Failed(string error) => new(null, error);
}
