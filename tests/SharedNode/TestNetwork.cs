using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using Microsoft.AspNetCore.Builder;

namespace LnRelay.Tests.Shared;

/// <summary>
/// The test projects that reference the node share this file (tests/SharedNode).
/// Real nodes in this process: each with its own data folder, key, STS listener on a
/// free loopback port and control API, talking over real TCP. Disposing stops them
/// and deletes the folders.
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    private readonly string _root;
    private readonly Dictionary<string, (WebApplication App, HttpClient Http, string Dir)> _nodes = new(StringComparer.Ordinal);

    private TestNetwork(string root) => _root = root;

    /// <summary>The network folder, laid out as 'lnrelay init' does: ROOT/NAME/{node.key, api.token, network.json, logs/}.</summary>
    public string Root => _root;

    public IReadOnlyCollection<string> Names => _nodes.Keys;

    /// <summary>Starts nodes in a line (each with a channel to the next, balances split evenly).</summary>
    public static Task<TestNetwork> StartLineAsync(params string[] names) =>
        StartAsync(names, [.. names.Zip(names.Skip(1)).Select(p => (p.First, p.Second, 10_000_000_000UL, 5_000_000_000UL, (PolicyDto?)null, false))]);

    /// <summary>Starts one node per name with the given channels (a, b, capacity, a's balance).</summary>
    public static async Task<TestNetwork> StartAsync(string[] names, (string A, string B, ulong Capacity, ulong ABalance, PolicyDto? Policy, bool Closed)[] channels, uint height = 800_000)
    {
        var network = new TestNetwork(Path.Combine(Path.GetTempPath(), "lnrelay-it-" + Guid.NewGuid().ToString("N")[..8]));
        var keys = names.ToDictionary(n => n, _ => PrivateKey.Generate());
        var dto = new NetworkFileDto
        {
            Network = "it-" + Guid.NewGuid().ToString("N")[..6],
            BlockHeight = height,
            Nodes = [.. names.Select(n => new NodeDto { Name = n, NodeId = keys[n].PublicKey.ToHex(), Host = "127.0.0.1", Port = FreePort(), ControlUrl = $"http://127.0.0.1:{FreePort()}" })],
            Channels = [.. channels.Select((c, i) => new ChannelDto
            {
                ShortChannelId = $"{height}x{i + 1}x0",
                Node1 = c.A,
                Node2 = c.B,
                CapacityMsat = c.Capacity,
                Node1BalanceMsat = c.ABalance,
                Node1Policy = c.Policy ?? new PolicyDto(),
                Node2Policy = c.Policy ?? new PolicyDto(),
                Closed = c.Closed,
            })],
        };
        foreach (var name in names)
        {
            var dir = Path.Combine(network._root, name);
            DataFolder.Create(dir, keys[name], DataFolder.NewToken(), dto, overwrite: false);
            var settings = new NodeSettings { DataDir = dir, ConsoleLog = false, PingInterval = TimeSpan.FromSeconds(5) };
            var app = NodeHost.Build(settings, DataFolder.Load(dir));
            await app.StartAsync();
            var entry = dto.Nodes.Single(n => n.Name == name);
            var http = new HttpClient { BaseAddress = new Uri(entry.ControlUrl), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(dir, DataFolder.TokenFileName)).Trim());
            network._nodes[name] = (app, http, dir);
        }

        return network;
    }

    public HttpClient Api(string node) => _nodes[node].Http;

    public string DataDir(string node) => _nodes[node].Dir;

    public string LogFile(string node) => Path.Combine(_nodes[node].Dir, DataFolder.LogsFolderName, node + ".jsonl");

    /// <summary>Waits, with a deadline, until every node reports every channel peer connected; on timeout says who was not and shows the logs' ends.</summary>
    public async Task WaitConnectedAsync(TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        foreach (var name in _nodes.Keys)
        {
            while (true)
            {
                var peers = await Api(name).GetFromJsonAsync<JsonElement>("/v1/peers");
                if (peers.EnumerateArray().All(p => p.GetProperty("state").GetString() == "connected"))
                {
                    break;
                }

                if (DateTime.UtcNow > until)
                {
                    var logs = string.Join("\n", _nodes.Keys.Select(n => $"--- {n}\n" + string.Join("\n", ReadLog(n).TakeLast(15))));
                    throw new TimeoutException($"{name} peers not all connected after {deadline}: {peers}\n{logs}");
                }

                await Task.Delay(20);
            }
        }
    }

    /// <summary>Waits, with a deadline, until the node's log text satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForLogAsync(string node, Func<string, bool> condition, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition(string.Join("\n", ReadLog(node))))
        {
            Assert.True(DateTime.UtcNow < until, $"{node}'s log did not show what was awaited within {deadline}.");
            await Task.Delay(25);
        }
    }

    public IEnumerable<string> ReadLog(string node)
    {
        using var stream = new FileStream(LogFile(node), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    public async Task<JsonElement> PayAsync(string from, string to, ulong amountMsat)
    {
        var invoice = await PostAsync(to, "/v1/invoices", new { amount_msat = amountMsat });
        return await PostAsync(from, "/v1/payments", new
        {
            payee = to,
            amount_msat = amountMsat,
            payment_hash = invoice.GetProperty("payment_hash").GetString(),
            payment_secret = invoice.GetProperty("payment_secret").GetString(),
            min_final_cltv_expiry_delta = invoice.GetProperty("min_final_cltv_expiry_delta").GetInt32(),
        });
    }

    public async Task<JsonElement> PostAsync(string node, string path, object body)
    {
        using var response = await Api(node).PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{node} {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (app, http, _) in _nodes.Values)
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
