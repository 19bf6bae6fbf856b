using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using Microsoft.AspNetCore.Builder;

namespace LnRelay.Orchestrator.Tests;

/// <summary>
/// Real nodes in this process, laid out as 'lnrelay init' lays a network out
/// (ROOT/NAME/{node.key, api.token, network.json, logs/NAME.jsonl}), joined in a line
/// a - b - c - ...; the pattern of tests/Integration.Tests/TestNetwork.cs.
/// </summary>
internal sealed class KnowledgeRealNetwork : IAsyncDisposable
{
    private readonly List<(WebApplication App, HttpClient Http)> _nodes = [];
    private readonly Dictionary<string, HttpClient> _apis = new(StringComparer.Ordinal);

    private KnowledgeRealNetwork(string root) => Root = root;

    public string Root { get; }

    public static async Task<KnowledgeRealNetwork> StartLineAsync(params string[] names)
    {
        const uint Height = 800_000;
        const ulong Capacity = 10_000_000_000;
        var network = new KnowledgeRealNetwork(Path.Combine(Path.GetTempPath(), "lnrelay-kn-" + Guid.NewGuid().ToString("N")[..8]));
        var keys = names.ToDictionary(n => n, _ => PrivateKey.Generate());
        var dto = new NetworkFileDto
        {
            Network = "kn-" + Guid.NewGuid().ToString("N")[..6],
            BlockHeight = Height,
            Nodes = [.. names.Select(n => new NodeDto { Name = n, NodeId = keys[n].PublicKey.ToHex(), Host = "127.0.0.1", Port = FreePort(), ControlUrl = $"http://127.0.0.1:{FreePort()}" })],
            Channels = [.. names.Zip(names.Skip(1)).Select((pair, i) => new ChannelDto
            {
                ShortChannelId = $"{Height}x{i + 1}x0",
                Node1 = pair.First,
                Node2 = pair.Second,
                CapacityMsat = Capacity,
                Node1BalanceMsat = Capacity / 2,
            })],
        };
        foreach (var name in names)
        {
            var dir = Path.Combine(network.Root, name);
            DataFolder.Create(dir, keys[name], DataFolder.NewToken(), dto, overwrite: false);
            var app = NodeHost.Build(new NodeSettings { DataDir = dir, ConsoleLog = false, PingInterval = TimeSpan.FromSeconds(5) }, DataFolder.Load(dir));
            await app.StartAsync();
            var http = new HttpClient { BaseAddress = new Uri(dto.Nodes.Single(n => n.Name == name).ControlUrl), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(dir, DataFolder.TokenFileName)).Trim());
            network._nodes.Add((app, http));
            network._apis[name] = http;
        }

        return network;
    }

    public string LogFile(string node) => Path.Combine(Root, node, DataFolder.LogsFolderName, node + ".jsonl");

    /// <summary>Waits, with a deadline, until every node has every channel peer connected.</summary>
    public async Task WaitConnectedAsync(TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        foreach (var (name, api) in _apis)
        {
            while (true)
            {
                var peers = await api.GetFromJsonAsync<JsonElement>("/v1/peers");
                if (peers.EnumerateArray().All(p => p.GetProperty("state").GetString() == "connected"))
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < until, $"{name}: peers not connected after {deadline}: {peers}");
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Waits, with a deadline, until a condition over a node's log text holds (Serilog flushes every 200 ms).</summary>
    public async Task WaitForLogAsync(string node, Func<string, bool> condition, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            using (var stream = new FileStream(LogFile(node), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
            {
                if (condition(await reader.ReadToEndAsync()))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < until, $"{node}'s log did not show what was awaited within {deadline}.");
            await Task.Delay(25);
        }
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

    private async Task<JsonElement> PostAsync(string node, string path, object body)
    {
        using var response = await _apis[node].PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{node} {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (app, http) in _nodes)
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
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
