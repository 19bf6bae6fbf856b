using System.Globalization;
using System.Net;
using LnRelay.Node.Privacy;
using LnRelay.Node.Store;
using LnRelay.Node.Switch;
using Microsoft.Extensions.Configuration;

namespace LnRelay.Node.Hosting;

/// <summary>
/// The node's settings, from appsettings.json, environment variables (prefix
/// <c>LNRELAY_</c>, with <c>__</c> for sections) and the command line, in .NET's usual
/// order (later wins). <see cref="Bind"/> validates and says which setting is wrong.
/// </summary>
public sealed record NodeSettings
{
    /// <summary>The data folder written by 'lnrelay init' (required): --data-dir, LNRELAY_DataDir.</summary>
    public required string DataDir { get; init; }

    /// <summary>
    /// The network description (--network, LNRELAY_Network): network.json or network.json.gz.
    /// Null: the data folder's own copy if it has one, else the network folder's (the data
    /// folder's parent), as <c>lnrelay init</c> lays it out (docs/network-file.md).
    /// </summary>
    public string? NetworkFile { get; init; }

    /// <summary>Address the control API binds to; the port comes from network.json's control_url. Default 127.0.0.1.</summary>
    public IPAddress ApiBind { get; init; } = IPAddress.Loopback;

    /// <summary>Address the peer listener binds to; the port comes from network.json. Default 127.0.0.1.</summary>
    public IPAddress PeerBind { get; init; } = IPAddress.Loopback;

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxPaymentAttempts { get; init; } = 5;

    /// <summary>
    /// How long a payee holds an incomplete multi-part set before failing every part with
    /// mpp_timeout (Payments:MppTimeoutSeconds, LNRELAY_Payments__MppTimeoutSeconds; default 60,
    /// BOLT 4's "at least 60 seconds"; docs/mpp.md).
    /// </summary>
    public TimeSpan MppTimeout { get; init; } = MultiPart.PartSetBook.DefaultTimeout;

    /// <summary>Where the JSON-lines log goes; default DATA_DIR/logs.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>Whether people get a console log (the JSON file is always written).</summary>
    public bool ConsoleLog { get; init; } = true;

    public FaultInjectionOptions Faults { get; init; } = FaultInjectionOptions.None;

    /// <summary>Forwarding delay and jitter, batching, shadow CLTV: the Privacy:* keys (docs/privacy.md), all off by default.</summary>
    public PrivacyOptions Privacy { get; init; } = PrivacyOptions.None;

    /// <summary>
    /// Keep no store (--in-memory, LNRELAY_Store__InMemory=true): the node starts from
    /// network.json every time and a crash loses its state, as before the store existed.
    /// For comparisons (<c>lnrelay bench network --in-memory</c>); the default is durable (docs/store.md).
    /// </summary>
    public bool InMemory { get; init; }

    /// <summary>
    /// How hard each commit pushes to the disk (Store:Synchronous, LNRELAY_Store__Synchronous):
    /// <c>full</c> (the default) survives a power cut; <c>normal</c> skips the fsync per commit and
    /// survives a killed process but not an operating-system crash (docs/store.md "What a commit survives").
    /// </summary>
    public StoreSynchronous Synchronous { get; init; } = StoreSynchronous.Full;

    /// <summary>
    /// Whether the node serves its control API (always, for lnrelay-node). A process that hosts
    /// thousands of nodes and drives them directly turns it off (<c>lnrelay bench network</c>
    /// unless --via-api): no listener, no port, no descriptor per node.
    /// </summary>
    public bool ControlApi { get; init; } = true;

    /// <summary>
    /// Whether the node takes part in blinded paths (BOLT 4 "Route Blinding"): advertises
    /// option_route_blinding (feature 25) in init, relays and receives inside paths, and issues
    /// blinded invoices. LNRELAY_RouteBlinding__Enabled=false turns it off: the node then behaves
    /// as one without the feature (docs/blinded-paths.md). Default on.
    /// </summary>
    public bool RouteBlinding { get; init; } = true;

    /// <summary>
    /// Whether the node speaks lnrelay-experimental point locks (docs/ptlc.md): offers init
    /// feature 315, forwards and receives point-locked HTLCs and issues point-locked invoices.
    /// LNRELAY_PointLocks__Enabled=false turns it off: a peer requiring feature 314 is then refused
    /// at init, and its peers fail point-locked HTLCs towards it with unknown_next_peer. Default on.
    /// </summary>
    public bool PointLocks { get; init; } = true;

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data-dir"] = "DataDir",
        ["--network"] = "Network",
        ["--api-bind"] = "Api:Bind",
        ["--peer-bind"] = "Peers:Bind",
        ["--log-dir"] = "Logging:Directory",
        ["--in-memory"] = "Store:InMemory",
    };

    /// <summary>Switches that take no value on the command line: <c>--in-memory</c> means <c>--in-memory=true</c>.</summary>
    public static string[] ExpandFlags(string[] args) => [.. args.Select(a => a == "--in-memory" ? "--in-memory=true" : a)];

    /// <summary>Reads and validates; every problem names its setting and what is expected.</summary>
    public static NodeSettings? Bind(IConfiguration config, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var dataDir = config["DataDir"];
        if (string.IsNullOrWhiteSpace(dataDir))
        {
            problems.Add("DataDir: required; pass --data-dir DIR or set LNRELAY_DataDir (the folder 'lnrelay init' wrote for this node).");
        }

        var apiBind = Address(config, "Api:Bind", problems);
        var peerBind = Address(config, "Peers:Bind", problems);
        var ping = Seconds(config, "Peers:PingIntervalSeconds", 30, 1, 3600, problems);
        var pong = Seconds(config, "Peers:PongTimeoutSeconds", 10, 1, 600, problems);
        var attempts = Int(config, "Payments:MaxAttempts", 5, 1, 100, problems);
        var mppTimeout = Seconds(config, "Payments:MppTimeoutSeconds", (int)MultiPart.PartSetBook.DefaultTimeout.TotalSeconds, 1, 3600, problems);
        var faults = new FaultInjectionOptions
        {
            CorruptForwardedOnions = Bool(config, "Faults:CorruptForwardedOnions", problems),
            RefuseToForward = Bool(config, "Faults:RefuseToForward", problems),
            ForwardDelayMs = Int(config, "Faults:ForwardDelayMs", 0, 0, 600_000, problems),
            DropPeerAfterMessages = Int(config, "Faults:DropPeerAfterMessages", 0, 0, int.MaxValue, problems),
        };
        if (!FaultInjectionOptions.IsValidDropPeerAfterMessages(faults.DropPeerAfterMessages))
        {
            problems.Add($"Faults:DropPeerAfterMessages: {faults.DropPeerAfterMessages} would drop every connection before an HTLC update gets through (init and link_sync come first); use 0 (off) or {FaultInjectionOptions.MinDropPeerAfterMessages} or more.");
        }

        var privacy = new PrivacyOptions
        {
            ForwardDelay = TimeSpan.FromMilliseconds(Int(config, "Privacy:ForwardDelayMs", 0, 0, 60_000, problems)),
            ForwardJitter = TimeSpan.FromMilliseconds(Int(config, "Privacy:ForwardJitterMs", 0, 0, 60_000, problems)),
            BatchWindow = TimeSpan.FromMilliseconds(Int(config, "Privacy:BatchWindowMs", 0, 0, 10_000, problems)),
            ShadowCltvMaxBlocks = (uint)Int(config, "Privacy:ShadowCltvMaxBlocks", 0, 0, 1_000, problems),
            FeeNoiseMaxMsat = (ulong)Int(config, "Privacy:FeeNoiseMaxMsat", 0, 0, 100_000_000, problems),
            FeeNoiseMaxPpm = (uint)Int(config, "Privacy:FeeNoiseMaxPpm", 0, 0, 100_000, problems),
            CltvNoiseMaxBlocks = (uint)Int(config, "Privacy:CltvNoiseMaxBlocks", 0, 0, 144, problems),
        };
        var inMemory = Bool(config, "Store:InMemory", problems);
        var synchronous = SyncLevel(config, "Store:Synchronous", problems);
        var routeBlinding = config["RouteBlinding:Enabled"] is not { Length: > 0 } || Bool(config, "RouteBlinding:Enabled", problems);
        var pointLocks = config["PointLocks:Enabled"] is not { Length: > 0 } || Bool(config, "PointLocks:Enabled", problems);
        var console = config["Logging:Console"] is not { } c || !bool.TryParse(c, out var parsedConsole) || parsedConsole;

        errors = problems;
        return problems.Count > 0
            ? null
            : new NodeSettings
            {
                DataDir = dataDir!,
                NetworkFile = string.IsNullOrWhiteSpace(config["Network"]) ? null : config["Network"],
                ApiBind = apiBind,
                PeerBind = peerBind,
                PingInterval = ping,
                PongTimeout = pong,
                MaxPaymentAttempts = attempts,
                MppTimeout = mppTimeout,
                LogDirectory = config["Logging:Directory"],
                ConsoleLog = console,
                Faults = faults,
                Privacy = privacy,
                InMemory = inMemory,
                Synchronous = synchronous,
                RouteBlinding = routeBlinding,
                PointLocks = pointLocks,
            };
    }

    private static IPAddress Address(IConfiguration config, string key, List<string> problems)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        problems.Add($"{key}: '{text}' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 to listen on every interface).");
        return IPAddress.Loopback;
    }

    private static int Int(IConfiguration config, string key, int fallback, int min, int max, List<string> problems)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"{key}: '{text}' is not a whole number from {min} to {max}.");
        return fallback;
    }

    private static TimeSpan Seconds(IConfiguration config, string key, int fallback, int min, int max, List<string> problems) =>
        TimeSpan.FromSeconds(Int(config, key, fallback, min, max, problems));

    private static StoreSynchronous SyncLevel(IConfiguration config, string key, List<string> problems)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return StoreSynchronous.Full;
        }

        if (StoreSynchronousNames.TryParse(text) is { } level)
        {
            return level;
        }

        problems.Add($"{key}: '{text}' is not a sync level: use full (the default: each commit is synced to disk and survives a power cut) or normal (no sync per commit: survives a killed process, not an operating-system crash or a power cut; docs/store.md).");
        return StoreSynchronous.Full;
    }

    private static bool Bool(IConfiguration config, string key, List<string> problems)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add($"{key}: '{text}' is not true or false.");
        return false;
    }
}
