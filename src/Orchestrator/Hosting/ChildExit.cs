using System.Diagnostics;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// The end of stopping a child process (a node, a benchmark shard): it has been asked to stop
/// (a signal, a "stop" line); give it the grace period to exit by itself, then kill it and
/// everything it started, so no child outlives the command that started it.
/// </summary>
internal static class ChildExit
{
    public static async Task WaitOrKillAsync(Process process, TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
