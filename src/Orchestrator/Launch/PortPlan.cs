using System.Net;
using System.Net.Sockets;

namespace LnRelay.Orchestrator.Launch;

/// <summary>
/// The ports an initialised network uses (docs/topology.md, "Ports"). Local nodes each
/// need a peer port and a control API port: either consecutive from a base port
/// (node i gets BASE+2i for peers and BASE+2i+1 for its API), or, by default, ports the
/// kernel reports free at init time, so that two networks initialised on one machine
/// never share a port. Containers each have their own address and all use the same pair.
/// </summary>
internal static class PortPlan
{
    public const int ContainerPeerPort = 9735;
    public const int ContainerApiPort = 8080;

    /// <summary>(peer port, API port) for each of <paramref name="count"/> nodes, or an error naming the fix.</summary>
    public static IReadOnlyList<(int Peer, int Api)>? Choose(int count, HostStyle style, int? basePort, out string? error)
    {
        error = null;
        if (style == HostStyle.Container)
        {
            var (peer, api) = basePort is { } b ? (b, b + 1) : (ContainerPeerPort, ContainerApiPort);
            return Enumerable.Repeat((peer, api), count).ToList();
        }

        if (basePort is { } start)
        {
            if (start < 1024 || start + (2 * count) - 1 > 65535)
            {
                error = $"--base-port {start}: the {count} nodes need ports {start} to {start + (2 * count) - 1}; choose a base from 1024 to {65536 - (2 * count)}.";
                return null;
            }

            return Enumerable.Range(0, count).Select(i => (start + (2 * i), start + (2 * i) + 1)).ToList();
        }

        // Hold every listener open until all are chosen, so the kernel hands out distinct ports.
        var listeners = Enumerable.Range(0, 2 * count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
            return Enumerable.Range(0, count).Select(i => (ports[2 * i], ports[(2 * i) + 1])).ToList();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
            listeners.ForEach(l => l.Dispose());
        }
    }
}
