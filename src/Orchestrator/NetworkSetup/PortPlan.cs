using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.NetworkSetup;

/// <summary>
/// The ports an initialised network uses (docs/topology.md, "Ports"). Local nodes each
/// need a peer port and a control API port: either consecutive from a base port
/// (node i gets BASE+2i for peers and BASE+2i+1 for its API), or, by default, ports free
/// at init time chosen below the kernel's ephemeral range (<see cref="FreePorts"/>).
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

    /// <summary>Kernel-chosen ports tried for one this process did not hand out before taking one it did.</summary>
    private const int Attempts = 100;

    /// <summary>The low end of Linux's ephemeral port range (net.ipv4.ip_local_port_range), or null elsewhere.</summary>
    private static readonly int? EphemeralLow = ReadEphemeralLow();

    /// <summary>Ports this process has handed out: never twice, so that networks started side by side (or one after a stopped one) cannot pick the same.</summary>
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>(peer port, API port) for each of <paramref name="count"/> nodes, or an error naming the fix.</summary>
    public static IReadOnlyList<(int Peer, int Api)>? Choose(int count, HostStyle style, int? basePort, out string? error, PortLedger? ledger = null)
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

        var free = FreePorts(2 * count, ledger);
        return Enumerable.Range(0, count).Select(i => (free[2 * i], free[(2 * i) + 1])).ToList();
    }

    /// <summary>One loopback port free now (<see cref="FreePorts"/>).</summary>
    public static int FreePort(PortLedger? ledger = null) => FreePorts(1, ledger)[0];

    /// <summary>
    /// <paramref name="count"/> distinct loopback ports free now, chosen below the kernel's
    /// ephemeral range where it can: a port the kernel hands out (bind to 0) comes from the
    /// range outgoing connections take their local port from, so a node's re-dial may take
    /// it before the node given it listens. Never a port this process handed out, and, first,
    /// ports no lnrelay process of this user handed out within the last hour
    /// (<see cref="PortLedger"/>); when those run out, the ones handed out longest ago.
    /// </summary>
    public static IReadOnlyList<int> FreePorts(int count, PortLedger? ledger = null) =>
        (ledger ?? PortLedger.Default).Claim(recent => Pick(count, recent));

    private static List<int> Pick(int count, IReadOnlyDictionary<int, DateTimeOffset> recent)
    {
        var chosen = new List<int>(count);
        lock (HandedOut)
        {
            if (EphemeralLow is { } low && low > LowestChosenPort + MinChoice)
            {
                var range = Enumerable.Range(LowestChosenPort, low - LowestChosenPort).Where(p => !HandedOut.Contains(p)).ToList();
                var unused = range.Where(p => !recent.ContainsKey(p)).ToList();
                TakeProbed(unused, count, chosen, random: true);
                TakeProbed([.. range.Where(recent.ContainsKey).OrderBy(p => recent[p])], count, chosen, random: false);
            }

            // No known ephemeral range (not Linux) or no luck: the kernel's choice, still never twice.
            for (var attempt = 1; chosen.Count < count; attempt++)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port) || attempt >= Attempts)
                {
                    chosen.Add(port);
                }
            }
        }

        return chosen;
    }

    /// <summary>Moves ports from <paramref name="candidates"/> (in random order, or in theirs) into <paramref name="chosen"/> while they bind, until it holds <paramref name="count"/>.</summary>
    private static void TakeProbed(List<int> candidates, int count, List<int> chosen, bool random)
    {
        for (var next = 0; chosen.Count < count && candidates.Count > next; next++)
        {
            if (random)
            {
                var pick = Random.Shared.Next(next, candidates.Count);
                (candidates[next], candidates[pick]) = (candidates[pick], candidates[next]);
            }

            var port = candidates[next];
            if (Binds(port))
            {
                HandedOut.Add(port);
                chosen.Add(port);
            }
        }
    }

    /// <summary>Whether a listener can bind <paramref name="port"/> on loopback now.</summary>
    public static bool Binds(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
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
