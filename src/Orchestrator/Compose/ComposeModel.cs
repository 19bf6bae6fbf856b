namespace LnRelay.Orchestrator.Compose;

/// <summary>A compose project as lnrelay writes it: services in start order, then the named volumes.</summary>
internal sealed record ComposeProject(IReadOnlyList<string> Header, IReadOnlyList<ComposeService> Services, IReadOnlyList<string> Volumes);

/// <summary>
/// One service: a comment saying what it is, its command (exec form: program and
/// arguments, no shell), its volume mounts (VOLUME:PATH[:ro]), what it waits for, and
/// whether the image's health check applies (only nodes serve /v1/health).
/// </summary>
internal sealed record ComposeService(
    string Name,
    string Comment,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Volumes,
    IReadOnlyList<ComposeDependency> DependsOn,
    bool HealthCheck);

/// <summary>A depends_on entry: the service waited for and the compose condition.</summary>
internal sealed record ComposeDependency(string Service, string Condition)
{
    /// <summary>The service ran and exited 0 (compose 1.29 and later).</summary>
    public const string CompletedSuccessfully = "service_completed_successfully";

    /// <summary>The service's container started (the chain service has no health check; nodes retry its RPC).</summary>
    public const string Started = "service_started";

    /// <summary>The service's health check passed.</summary>
    public const string Healthy = "service_healthy";
}
