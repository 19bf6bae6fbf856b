using System.Globalization;
using LnRelay.Orchestrator.NetworkSetup;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// Before a local network starts: every port its nodes and its chain will listen on must be
/// free. A port taken between <c>init</c> and <c>up</c> (another network given the same
/// port, or any other program) would otherwise show only as one node's death, or worse, as
/// the other program answering in that node's place (docs/topology.md, "Ports").
/// </summary>
internal static class PortPreflight
{
    /// <summary>What to do about a port that another process holds.</summary>
    public const string Fix =
        "Find what holds a port with 'ss -ltnp sport = :PORT'; stop it (another lnrelay network: Ctrl+C its 'lnrelay up'), " +
        "or give this network new free ports with 'lnrelay init --force --out DIR' (it also makes new keys) or 'lnrelay init --base-port N'.";

    /// <summary>Taken ports named in one message; the rest are counted.</summary>
    private const int Named = 5;

    /// <summary>An error naming the ports of <paramref name="folder"/> that something else listens on, or null when all are free (or the network is not local).</summary>
    public static string? Taken(NetworkFolder folder, bool controlApi)
    {
        if (!folder.IsLocal)
        {
            return null;
        }

        var wanted = new List<(string What, int Port)>();
        foreach (var node in folder.Network.Nodes)
        {
            wanted.Add(($"{node.Name}'s peer port", node.Port));
            if (controlApi)
            {
                wanted.Add(($"{node.Name}'s API port", node.ControlUrl.Port));
            }
        }

        if (folder.Network.ChainSource is { } chain)
        {
            wanted.Add(("the chain RPC port", chain.RpcUrl.Port));
        }

        var taken = wanted.Where(w => !PortPlan.Binds(w.Port)).ToList();
        if (taken.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", taken.Take(Named).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.What} {t.Port}")));
        var more = taken.Count > Named ? string.Create(CultureInfo.InvariantCulture, $" and {taken.Count - Named} more") : "";
        return $"{named}{more}: already in use by another process, so this network cannot start. {Fix}";
    }
}
