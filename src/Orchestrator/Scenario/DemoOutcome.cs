namespace LnRelay.Orchestrator.Scenario;

/// <summary>
/// How <see cref="DemoRun"/> ended: the scenario's payments with where it wrote results.json,
/// the logs and report.html, and how long it took; or, when the network could not run the
/// scenario, <see cref="Payments"/> null and the reason (null when the init already wrote its
/// own problems). 'lnrelay demo' renders the summary and decides the exit code.
/// </summary>
internal sealed record DemoOutcome(IReadOnlyList<ScenarioPayment>? Payments, string? Refusal)
{
    /// <summary>results.json's path.</summary>
    public string ResultsPath { get; init; } = "";

    /// <summary>Where each node's log is, with NAME for the node's name.</summary>
    public string LogsPattern { get; init; } = "";

    /// <summary>report.html's path, when it was written.</summary>
    public string? ReportPage { get; init; }

    /// <summary>From the start of the run to the report.</summary>
    public TimeSpan Elapsed { get; init; }

    public static DemoOutcome Refused(string? why) => new(null, why);

    /// <summary>How many payments ended as the scenario expected.</summary>
    public int Matched => Payments?.Count(p => p.Matched) ?? 0;

    /// <summary>It ran and every payment ended as the scenario expected.</summary>
    public bool AllMatched => Payments is { } payments && Matched == payments.Count;
}
