using LnRelay.Node.Hosting;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The benchmark's warm-up of the nodes' chain polling, before the payments' warm-up: the RPC round
/// trip a poll makes runs twice a second, so without this its code reaches the JIT's call-count
/// thresholds (30 calls for the instrumented tier, 30 more for the optimised one) 15 and 30 s after
/// the nodes start, and its tier-ups (100–500 methods, up to half a second of a core) fell into
/// whichever measured phase was running then (docs/performance.md, "Tier-ups of code that runs a few
/// times a second"). <see cref="Rounds"/> rounds of <see cref="CallsPerRound"/> round trips, each
/// followed by a pause in which the background compiler installs the next tier.
/// </summary>
internal static class ChainPollWarmUp
{
    /// <summary>Above the JIT's 30-call threshold, so each round moves every method of the path up a tier.</summary>
    private const int CallsPerRound = 40;

    /// <summary>
    /// Two tiers need two rounds once each has been installed; six leave room for a slow compiler. (A round
    /// that compiled nothing was to end it early, but the runtime's own background code compiles something
    /// in every 150 ms, so all six always ran: about 0.95 s here.)
    /// </summary>
    private const int Rounds = 6;

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    /// <summary>Runs the rounds through <paramref name="node"/>'s network's feed; none when it follows no chain.</summary>
    public static async Task RunAsync(NodeRuntime node, CancellationToken ct)
    {
        for (var round = 0; round < Rounds; round++)
        {
            if (await node.WarmChainPollsAsync(CallsPerRound, ct) == 0)
            {
                return;
            }

            await Task.Delay(Settle, ct);
        }
    }
}
