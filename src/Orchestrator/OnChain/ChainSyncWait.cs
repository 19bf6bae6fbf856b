using System.Diagnostics;
using System.Globalization;
using LnRelay.Node.Api;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.OnChain;

/// <summary>
/// Waits until every node has followed the chain far enough to vouch for its channels
/// (docs/chain.md "Nodes follow the chain"): GET /v1/channels shows no channel still
/// <see cref="ChannelView.WaitingForChain"/>. A node starts serving before its first
/// sync, so 'lnrelay up' and the demo wait here before the first payment.
/// </summary>
internal static class ChainSyncWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static Task WaitAsync(IReadOnlyList<NodeClient> nodes, TimeSpan deadline, TextWriter progress, CancellationToken ct) =>
        WaitAsync(
            async () =>
            {
                var all = new List<(string, string, string?)>();
                foreach (var node in nodes)
                {
                    var channels = await node.GetAsync<List<ChannelView>>("/v1/channels", ct);
                    all.AddRange(channels.Select(c => (node.Name, c.ShortChannelId, c.Refusal)));
                }

                return all;
            },
            deadline,
            progress,
            ct);

    /// <summary>The same wait for nodes in this process, read from their switches.</summary>
    public static Task WaitAsync(IReadOnlyList<NodeRuntime> nodes, TimeSpan deadline, TextWriter progress, CancellationToken ct) =>
        WaitAsync(
            () => Task.FromResult<List<(string, string, string?)>>([.. nodes.SelectMany(n => n.Network.ChannelsOf(n.Name).Select(c => (n.Name, c.ShortChannelId.ToString(), n.RefusalOf(c.ShortChannelId))))]),
            deadline,
            progress,
            ct);

    private static async Task WaitAsync(Func<Task<List<(string Node, string Scid, string? Refusal)>>> channels, TimeSpan deadline, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var bar = new ProgressLine(progress, "channels confirmed on chain");
        while (true)
        {
            var all = await channels();
            var total = all.Count;
            var waiting = all.Where(c => c.Refusal == ChannelView.WaitingForChain).Select(c => $"{c.Node} {c.Scid}").ToList();

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
