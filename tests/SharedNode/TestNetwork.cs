using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Node.Hosting;
using LnRelay.Node.Logging;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LnRelay.Tests.Shared;

/// <summary>One channel of a test network: each end's policy applies to what that end forwards over it.</summary>
internal sealed record TestChannel(string A, string B, ulong CapacityMsat, ulong ABalanceMsat)
{
    public PolicyDto APolicy { get; init; } = new();

    public PolicyDto BPolicy { get; init; } = new();

    public bool Closed { get; init; }
}

/// <summary>How a test payment deliberately deviates from its invoice.</summary>
internal enum InvoiceTamper
{
    None,

    /// <summary>The invoice's hash with a payment_secret of zeros: the payee refuses.</summary>
    WrongSecret,

    /// <summary>A random hash the payee never issued: the payee refuses.</summary>
    UnknownHash,
}

/// <summary>
/// The test projects that reference the node share this file (tests/SharedNode).
/// Real nodes in this process: each with its own data folder, key, STS listener on a
/// free loopback port and control API, talking over real TCP. Disposing stops them
/// and deletes the folders.
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    private readonly string _root;
    private readonly NetworkFileDto _dto;
    private readonly Dictionary<string, string> _nodeIds;
    private readonly Dictionary<string, (WebApplication App, HttpClient Http, string Dir)> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withoutRouteBlinding = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withoutPointLocks = new(StringComparer.Ordinal);

    private TestNetwork(string root, NetworkFileDto dto, Dictionary<string, string> nodeIds)
    {
        _root = root;
        _dto = dto;
        _nodeIds = nodeIds;
    }

    /// <summary>The network folder, laid out as 'lnrelay init' does: ROOT/NAME/{node.key, api.token, network.json, logs/}.</summary>
    public string Root => _root;

    public IReadOnlyCollection<string> Names => _nodes.Keys;

    /// <summary>The channels as written to network.json (short channel ids, ends, balances, both policies).</summary>
    public IReadOnlyList<ChannelDto> Channels => _dto.Channels;

    public uint StartHeight => _dto.BlockHeight;

    /// <summary>Starts nodes in a line (each with a channel to the next, balances split evenly).</summary>
    public static Task<TestNetwork> StartLineAsync(params string[] names) =>
        StartAsync(names, [.. names.Zip(names.Skip(1)).Select(p => new TestChannel(p.First, p.Second, 10_000_000_000, 5_000_000_000))]);

    /// <summary>
    /// Starts one node per name with the given channels, described as 'lnrelay init' describes
    /// a network (channel i gets the short channel id HEIGHTx(i+1)x0). With <paramref name="blockIntervalSeconds"/>, the chain finds a block
    /// that often from now on (network.json's block_interval_seconds); by default it stands still.
    /// </summary>
    public static async Task<TestNetwork> StartAsync(string[] names, TestChannel[] channels, uint height = 800_000, uint blockIntervalSeconds = 0, IReadOnlySet<string>? withoutRouteBlinding = null, IReadOnlySet<string>? withoutPointLocks = null, IReadOnlyDictionary<string, NodeFeatures>? nodeFeatures = null)
    {
        var keys = names.ToDictionary(n => n, _ => PrivateKey.Generate());
        var topology = new NetworkTopology(
            "it-" + Guid.NewGuid().ToString("N")[..6],
            height,
            names,
            [.. channels.Select(c => new TopologyChannel(c.A, c.B, c.CapacityMsat, c.ABalanceMsat, c.APolicy, c.BPolicy, c.Closed))],
            blockIntervalSeconds)
        {
            // What network.json says these nodes announce (docs/network-file.md); withoutPointLocks only turns the setting off.
            NodeFeatures = nodeFeatures ?? new Dictionary<string, NodeFeatures>(),
        };
        var dto = NetworkInitializer.Describe(topology, keys, PortPlan.Choose(names.Length, HostStyle.Local, basePort: null, out _)!, HostStyle.Local);
        var network = new TestNetwork(
            Path.Combine(Path.GetTempPath(), "lnrelay-it-" + Guid.NewGuid().ToString("N")[..8]),
            dto,
            names.ToDictionary(n => n, n => keys[n].PublicKey.ToHex(), StringComparer.Ordinal));
        network._withoutRouteBlinding.UnionWith(withoutRouteBlinding ?? new HashSet<string>());
        network._withoutPointLocks.UnionWith(withoutPointLocks ?? new HashSet<string>());
        // One description for the network, in the network folder, as 'lnrelay init' writes it (docs/network-file.md).
        Directory.CreateDirectory(network._root);
        NetworkFile.Save(Path.Combine(network._root, NetworkFile.FileName), dto);
        foreach (var name in names)
        {
            var dir = Path.Combine(network._root, name);
            DataFolder.Create(dir, keys[name], DataFolder.NewToken(), overwrite: false);
            var settings = new NodeSettings { DataDir = dir, ConsoleLog = false, PingInterval = TimeSpan.FromSeconds(5), RouteBlinding = !network._withoutRouteBlinding.Contains(name), PointLocks = !network._withoutPointLocks.Contains(name) };
            var app = NodeHost.Build(settings, DataFolder.Load(dir));
            await app.StartAsync();
            var entry = dto.Nodes.Single(n => n.Name == name);
            // Longer than any timeout_seconds a test asks the API for (60 at most), so the API answers first (202 in flight).
            var http = new HttpClient { BaseAddress = new Uri(entry.ControlUrl), Timeout = TimeSpan.FromSeconds(120) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(dir, DataFolder.TokenFileName)).Trim());
            network._nodes[name] = (app, http, dir);
        }

        return network;
    }

    public HttpClient Api(string node) => _nodes[node].Http;

    public string DataDir(string node) => _nodes[node].Dir;

    /// <summary>The node's public key, 66 lowercase hex characters.</summary>
    public string NodeId(string node) => _nodeIds[node];

    public string LogFile(string node) => Path.Combine(_nodes[node].Dir, DataFolder.LogsFolderName, node + ".jsonl");

    /// <summary>Waits, with a deadline, until every node reports every channel peer connected; on timeout says who was not and shows the logs' ends.</summary>
    public Task WaitConnectedAsync(TimeSpan? deadline = null) =>
        Eventually.ValueAsync(
            () => Task.WhenAll(_nodes.Keys.Select(async n => (Node: n, Peers: await Api(n).GetFromJsonAsync<JsonElement>("/v1/peers")))),
            all => all.All(x => AllConnected(x.Peers)),
            all => $"every channel peer connected; not yet: {string.Join("; ", all.Where(x => !AllConnected(x.Peers)).Select(x => $"{x.Node} {x.Peers}"))}\n"
                + string.Join("\n", _nodes.Keys.Select(n => $"--- {n}\n" + string.Join("\n", ReadLog(n).TakeLast(15)))),
            deadline);

    private static bool AllConnected(JsonElement peers) => peers.EnumerateArray().All(p => p.GetProperty("state").GetString() == "connected");

    /// <summary>How long <see cref="ReadLog"/> waits for queued lines to be written before it fails the test.</summary>
    private static readonly TimeSpan LogFlushDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The node's log file as it is now, after the nodes' queued lines are written (a node writes
    /// its lines within LogFlushClock's interval, not at once: docs/logging.md).
    /// </summary>
    public IEnumerable<string> ReadLog(string node)
    {
        if (!LogFlushClock.FlushAll(LogFlushDeadline))
        {
            throw new TimeoutException($"the nodes' queued log lines were not written within {LogFlushDeadline.TotalSeconds} s");
        }

        using var stream = new FileStream(LogFile(node), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>
    /// An invoice from <paramref name="to"/>, paid by <paramref name="from"/>; returns the payer's answer
    /// (a result, or with 202 the in-flight one when <paramref name="timeoutSeconds"/> passed first).
    /// <paramref name="maxParts"/>: the API's max_parts (null: the node's default; 1 never splits, docs/mpp.md).
    /// </summary>
    public async Task<JsonElement> PayAsync(string from, string to, ulong amountMsat, InvoiceTamper tamper = InvoiceTamper.None, int timeoutSeconds = 60, string lockKind = "hash", int? maxParts = null)
    {
        var invoice = await PostAsync(to, "/v1/invoices", new { amount_msat = amountMsat, @lock = lockKind });
        return await PostAsync(from, "/v1/payments", new
        {
            @lock = lockKind,
            payee = to,
            amount_msat = amountMsat,
            payment_hash = tamper != InvoiceTamper.UnknownHash ? invoice.GetProperty("payment_hash").GetString()
                : lockKind == "point" ? PrivateKey.Generate().PublicKey.ToHex() : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            payment_secret = tamper == InvoiceTamper.WrongSecret ? new string('0', 64) : invoice.GetProperty("payment_secret").GetString(),
            min_final_cltv_expiry_delta = invoice.GetProperty("min_final_cltv_expiry_delta").GetInt32(),
            timeout_seconds = timeoutSeconds,
            max_parts = maxParts,
        });
    }

    /// <summary>
    /// A blinded invoice from <paramref name="to"/> (POST /v1/invoices with <paramref name="blinded"/>,
    /// e.g. <c>new { hops = 2, dummy_hops = 1 }</c>), paid by <paramref name="from"/> through its
    /// blinded_path alone; returns the invoice and the payer's answer.
    /// </summary>
    public async Task<(JsonElement Invoice, JsonElement Result)> PayBlindedAsync(string from, string to, ulong amountMsat, object blinded, ulong? payAmountMsat = null, int timeoutSeconds = 60, string lockKind = "hash")
    {
        var invoice = await PostAsync(to, "/v1/invoices", new { amount_msat = amountMsat, blinded, @lock = lockKind });
        var result = await PostAsync(from, "/v1/payments", new
        {
            amount_msat = payAmountMsat ?? amountMsat,
            payment_hash = invoice.GetProperty("payment_hash").GetString(),
            min_final_cltv_expiry_delta = invoice.GetProperty("min_final_cltv_expiry_delta").GetInt32(),
            blinded_path = invoice.GetProperty("blinded_path"),
            timeout_seconds = timeoutSeconds,
            @lock = lockKind,
        });
        return (invoice, result);
    }

    /// <summary>Polls the payer, with a deadline, until the payment has ended; returns its result.</summary>
    public async Task<JsonElement> WaitForPaymentAsync(string from, string paymentHash, TimeSpan? deadline = null)
    {
        var result = await Eventually.ValueAsync(
            async () =>
            {
                using var response = await Api(from).GetAsync($"/v1/payments/{paymentHash}");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
            },
            r => r is { } p && p.GetProperty("status").GetString() != "in_flight",
            r => $"{from}'s payment {paymentHash} ended; it reports {r?.ToString() ?? "nothing"}",
            deadline);
        return result!.Value;
    }

    public async Task<JsonElement> PostAsync(string node, string path, object body)
    {
        using var response = await Api(node).PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{node} {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>The node's channels (GET /v1/channels).</summary>
    public async Task<JsonElement> ChannelsAsync(string node) => await Api(node).GetFromJsonAsync<JsonElement>("/v1/channels");

    /// <summary>For every channel: each end's local balance is the other's remote, nothing is in flight, and the two add up to the capacity.</summary>
    public async Task<bool> ChannelsAgreeAsync()
    {
        var ends = new List<JsonElement>();
        foreach (var name in Names)
        {
            ends.AddRange((await ChannelsAsync(name)).EnumerateArray());
        }

        return ends.GroupBy(c => c.GetProperty("short_channel_id").GetString()).All(pair =>
        {
            var (a, b) = (pair.First(), pair.Last());
            return pair.Count() == 2
                && a.GetProperty("local_balance_msat").GetUInt64() == b.GetProperty("remote_balance_msat").GetUInt64()
                && a.GetProperty("remote_balance_msat").GetUInt64() == b.GetProperty("local_balance_msat").GetUInt64()
                && a.GetProperty("htlcs_offered").GetInt32() + a.GetProperty("htlcs_received").GetInt32() + b.GetProperty("htlcs_offered").GetInt32() + b.GetProperty("htlcs_received").GetInt32() == 0
                && a.GetProperty("local_balance_msat").GetUInt64() + a.GetProperty("remote_balance_msat").GetUInt64() == a.GetProperty("capacity_msat").GetUInt64();
        });
    }

    /// <summary>PUT /v1/faults (merged with the node's current settings).</summary>
    public async Task SetFaultsAsync(string node, object faults)
    {
        using var response = await Api(node).PutAsJsonAsync("/v1/faults", faults);
        Assert.True(response.IsSuccessStatusCode, $"{node} PUT /v1/faults: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>POST /v1/chain/height on one node: its view of the simulated chain.</summary>
    public Task SetHeightAsync(string node, uint height) => PostAsync(node, "/v1/chain/height", new { height });

    /// <summary>
    /// Cuts the node off the network: its peer listener and every peer session stop (the
    /// others see it gone and re-dial with back-off), while the node keeps its memory,
    /// channels, HTLCs and control API, as a node that restarts with its state would.
    /// </summary>
    public async Task TakeOfflineAsync(string node)
    {
        await Runtime(node).Peers.StopAsync(CancellationToken.None);
    }

    /// <summary>Puts a node cut off by <see cref="TakeOfflineAsync"/> back: it listens and dials again.</summary>
    public async Task BringOnlineAsync(string node)
    {
        await Runtime(node).Peers.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops one node's host, as lnrelay-node stops on SIGTERM: its sessions close and its memory is gone.</summary>
    public async Task StopNodeAsync(string node)
    {
        if (_stopped.Add(node))
        {
            await _nodes[node].App.StopAsync();
            await _nodes[node].App.DisposeAsync();
        }
    }

    /// <summary>
    /// Stops one node's host and starts it again on the same data folder (docs/store.md): the
    /// new host resumes from the node's store; its peers see a reconnect.
    /// </summary>
    public async Task RestartNodeAsync(string node)
    {
        await StopNodeAsync(node);
        var (_, http, dir) = _nodes[node];
        var app = NodeHost.Build(new NodeSettings { DataDir = dir, ConsoleLog = false, PingInterval = TimeSpan.FromSeconds(5), RouteBlinding = !_withoutRouteBlinding.Contains(node), PointLocks = !_withoutPointLocks.Contains(node) }, DataFolder.Load(dir));
        await app.StartAsync();
        _nodes[node] = (app, http, dir);
        _stopped.Remove(node);
    }

    /// <summary>Stops every node (which flushes their logs) and keeps their folders for reading until disposal.</summary>
    public async Task StopAllAsync()
    {
        foreach (var name in _nodes.Keys)
        {
            await StopNodeAsync(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        foreach (var (_, http, _) in _nodes.Values)
        {
            http.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The node's parts, for assertions on state the API does not show.</summary>
    public NodeRuntime Runtime(string node) => _nodes[node].App.Services.GetRequiredService<NodeRuntime>();
}
