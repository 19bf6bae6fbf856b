namespace LnRelay.Orchestrator.Supervision;

/// <summary>What <c>lnrelay up</c> does when a node exits without being asked to (docs/supervision.md).</summary>
internal enum RestartPolicy
{
    /// <summary>Report it and start it again with back-off, while the others keep running (the default).</summary>
    OnFailure,

    /// <summary>Report it and stop every node: the behaviour before supervision.</summary>
    Never,
}

internal static class RestartPolicies
{
    public const string OnFailureName = "on-failure";
    public const string NeverName = "never";

    public static string Name(this RestartPolicy policy) => policy == RestartPolicy.Never ? NeverName : OnFailureName;
}
