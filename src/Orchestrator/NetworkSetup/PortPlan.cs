using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.NetworkSetup;

/// <summary>
/// The ports an initialised network uses (docs/topology.md, "Ports"). Local nodes each
/// need a peer port and a control API port: either consecutive from a base port
/// (node i gets BASE+2i for peers and BASE+2i+1 for its API), or, by default, ports free
/// at init time chosen below the kernel's ephemeral range (<see cref="FreePort"/>).
/// Containers each have their own address and all use the same pair.
/// </summary>
internal static class PortPlan
{
    public const int ContainerPeerPort = 9735;
    public const int ContainerApiPort = 8080;

    /// <summary>Listening ports are chosen from here up to the ephemeral range.</summary>
    private const int LowestChosenPort = 20_000;

    /// <summary>Below this many ports between <see cref="LowestChosenPort"/> and the ephemeral range, choosing there is not worth it.</summary>
    private const int MinChoice = 1_000;

    /// <summary>Random ports tried before falling back to one the kernel picks.</summary>
    private const int Attempts = 100;

    /// <summary>The low end of Linux's ephemeral port range (net.ipv4.ip_local_port_range), or null elsewhere.</summary>
    private static readonly int? EphemeralLow = ReadEphemeralLow();

    /// <summary>Ports this process has handed out: never twice, so that networks started side by side (or one after a stopped one) cannot pick the same.</summary>
    private static readonly HashSet<int> HandedOut = [];

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

        return Enumerable.Range(0, count).Select(_ => (FreePort(), FreePort())).ToList();
    }

    /// <summary>
    /// A loopback port free now, chosen below the kernel's ephemeral range where it can: a
    /// port the kernel hands out (bind to 0) comes from the range outgoing connections take
    /// their local port from, so a node's re-dial may take it before the node given it
    /// listens. Never the same port twice in this process. Another process may still choose
    /// the same port; the chance is small.
    /// </summary>
    public static int FreePort()
    {
        if (EphemeralLow is { } low && low > LowestChosenPort + MinChoice)
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var port = Random.Shared.Next(LowestChosenPort, low);
                lock (HandedOut)
                {
                    if (!HandedOut.Add(port))
                    {
                        continue;
                    }
                }

                try
                {
                    using var probe = new TcpListener(IPAddress.Loopback, port);
                    probe.Start();
                    return port;
                }
                catch (SocketException)
                {
                }
            }
        }

        // No known ephemeral range (not Linux) or no luck: the kernel's choice, still never twice.
        for (var attempt = 1; ; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port) || attempt >= Attempts)
                {
                    return port;
                }
            }
        }
    }

    private static int? ReadEphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low) ? low : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
