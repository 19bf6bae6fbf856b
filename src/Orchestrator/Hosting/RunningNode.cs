namespace LnRelay.Orchestrator.Hosting;

/// <summary>One started node, as a child process or hosted in this process.</summary>
internal interface IRunningNode : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Set when the node stopped without being asked: why (exit code, last output).</summary>
    string? Death { get; }

    /// <summary>Stops the node cleanly (SIGTERM to a child, StopAsync in process), forcing it after a grace period.</summary>
    Task StopAsync();
}
