namespace LnRelay.Orchestrator.Experiment;

/// <summary>
/// What <see cref="LinkabilityExperiment"/> ran: its report, or why it could not run
/// (<see cref="Refusal"/>). 'lnrelay experiment linkability' renders it (text or --json)
/// and decides the exit code.
/// </summary>
internal sealed record ExperimentOutcome(ExperimentReport? Report, string? Refusal)
{
    public static ExperimentOutcome Refused(string why) => new(null, why);
}
