using System.Runtime;
using LnRelay.Node.Hosting;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The benchmark's warm-up of the nodes' chain polling, before the payments' warm-up: the RPC round
/// trip a poll makes runs twice a second, so without this its code reaches the JIT's call-count
/// thresholds (30 calls for the instrumented tier, 30 more for the optimised one) 15 and 30 s after
/// the nodes start, and its tier-ups (100–500 methods, up to half a second of a core) fell into
/// whichever measured phase was running then (docs/performance.md, "Tier-ups of code that runs a few
/// times a second"). Rounds of <see cref="CallsPerRound"/> round trips, each followed by a pause for
/// the background compiler, until a round compiles nothing or <see cref="MaxRounds"/> have run.
/// </summary>
internal static class ChainPollWarmUp
{
    /// <summary>Above the JIT's 30-call threshold, so each round moves every method of the path up a tier.</summary>
    private const int CallsPerRound = 40;

    private const int MaxRounds = 6;

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    /// <summary>Runs the rounds through <paramref name="node"/>'s network's feed; how many ran (0 when it follows no chain).</summary>
    public static async Task<int> RunAsync(NodeRuntime node, CancellationToken ct)
    {
        var rounds = 0;
        while (rounds < MaxRounds)
        {
            var before = JitInfo.GetCompiledMethodCount(currentThread: false);
            if (await node.WarmChainPollsAsync(CallsPerRound, ct) == 0)
            {
                break;
            }

            await Task.Delay(Settle, ct);
            rounds++;
            if (JitInfo.GetCompiledMethodCount(currentThread: false) == before)
            {
                break;
            }
        }

        return rounds;
    }
}
