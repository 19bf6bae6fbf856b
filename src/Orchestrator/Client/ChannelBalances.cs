using LnRelay.Node.Api;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Client;

/// <summary>Channel rows with the balances the channels' first ends report now (GET /v1/channels); a closed channel has no ends to ask.</summary>
internal static class ChannelBalances
{
    public static async Task<IReadOnlyList<ChannelRow>> ReadAsync(RunningNetwork network, CancellationToken ct)
    {
        var views = new Dictionary<string, List<ChannelView>>(StringComparer.Ordinal);
        foreach (var node in network.Folder.Network.Nodes)
        {
            views[node.Name] = await network.Client(node.Name).GetAsync<List<ChannelView>>("/v1/channels", ct);
        }

        return network.Folder.Network.Channels.Select(c =>
        {
            var scid = c.ShortChannelId.ToString();
            var view = c.Closed ? null : views[c.Node1.Name].FirstOrDefault(v => v.ShortChannelId == scid);
            return new ChannelRow(scid, c.Node1.Name, c.Node2.Name, c.CapacityMsat, view?.LocalBalanceMsat, view?.RemoteBalanceMsat, c.Closed);
        }).ToList();
    }
}
