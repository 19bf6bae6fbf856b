using System.Diagnostics;
using System.Globalization;
using LnRelay.Node.Api;
using LnRelay.Node.Chain;
using LnRelay.Orchestrator.Launch;

namespace LnRelay.Orchestrator.OnChain;

/// <summary>
/// Waits until every node has followed the chain far enough to vouch for its channels
/// (docs/chain.md "Nodes follow the chain"): GET /v1/channels shows no channel still
/// <see cref="RpcChainFollower.WaitingForChain"/>. A node starts serving before its first
/// sync, so 'lnrelay up' and the demo wait here before the first payment.
/// </summary>
internal static class ChainSyncWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task WaitAsync(IReadOnlyList<NodeClient> nodes, TimeSpan deadline, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var bar = new ProgressLine(progress, "channels confirmed on chain");
        while (true)
        {
            var waiting = new List<string>();
            var total = 0;
            foreach (var node in nodes)
            {
                var channels = await node.GetAsync<List<ChannelView>>("/v1/channels", ct);
                total += channels.Count;
                waiting.AddRange(channels.Where(c => c.Refusal == RpcChainFollower.WaitingForChain).Select(c => $"{node.Name} {c.ShortChannelId}"));
            }

            bar.Update(total - waiting.Count, total, clock.Elapsed);
            if (waiting.Count == 0)
            {
                bar.Done(string.Create(CultureInfo.InvariantCulture, $"every node follows the chain ({clock.Elapsed.TotalSeconds:0.0} s)"));
                return;
            }

            if (clock.Elapsed > deadline)
            {
                bar.Done("timed out");
                throw new TimeoutException($"after {deadline.TotalSeconds:0} s these channels still wait for the chain to confirm their funding output: {string.Join(", ", waiting)}. Is the chain service running (lnrelay chain info)? See the nodes' logs (ChainUnreachable, ChannelFundingInvalid).");
            }

            await Task.Delay(PollInterval, ct);
        }
    }
}
