using System.Net;
using System.Net.ServerSentEvents;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Web;
using LnRelay.Tests.Shared;

namespace LnRelay.Orchestrator.Tests.Web;

/// <summary>
/// The page's event stream: the sans-IO source over a fixed run, and the real server's
/// /api/events read with SseParser (ids, types, Last-Event-ID), with no browser.
/// </summary>
public sealed class WebEventStreamTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_fixed_run_gives_the_same_events_with_ids_counting_from_one()
    {
        var run = RecordedRun.Load();
        var first = new WebEventSource(TimeSpan.FromSeconds(10)).Observe(run.Network, run.Events, _ => "up");
        var second = new WebEventSource(TimeSpan.FromSeconds(10)).Observe(run.Network, run.Events, _ => "up");

        Assert.Equal(first, second);
        Assert.Equal(Enumerable.Range(1, first.Count).Select(i => (long)i), first.Select(e => e.Id));
        Assert.Equal(run.Events.Count(e => e.Is(KnowledgeNames.HopView)), first.Count(e => e.Type == "hop"));
        Assert.Equal(22, first.Count(e => e.Type == "payment"));
        Assert.Equal(["counters", "topology"], first.TakeLast(2).Select(e => e.Type));
    }

    [Fact]
    public void Nothing_new_gives_no_event_and_a_changed_node_state_gives_one_topology_event()
    {
        var run = RecordedRun.Load();
        var source = new WebEventSource(TimeSpan.FromSeconds(10));
        source.Observe(run.Network, run.Events, _ => "up");

        Assert.Empty(source.Observe(run.Network, [], _ => "up"));
        var changed = source.Observe(run.Network, [], n => n == "bob" ? "down" : "up");
        Assert.Equal("topology", Assert.Single(changed).Type);
        Assert.Contains("\"state\":\"down\"", changed[0].Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_streams_new_log_lines_as_events_with_consecutive_ids_resumes_after_last_event_id_and_never_sends_a_token()
    {
        // The network folder first, with no logs: the nodes "start logging" once the page listens.
        var recorded = RecordedRun.CopyToTemp();
        var dir = Directory.CreateTempSubdirectory("lnrelay-web-").FullName;
        const string Token = "0123456789abcdef-secret-token-for-this-test";
        File.Copy(Path.Combine(recorded, "network.json"), Path.Combine(dir, "network.json"));
        foreach (var node in new[] { "alice", "bob", "carol", "dave", "eve" })
        {
            Directory.CreateDirectory(Path.Combine(dir, node));
            await File.WriteAllTextAsync(Path.Combine(dir, node, "api.token"), Token);
        }

        try
        {
            await using var server = await WebServer.StartAsync(dir, IPAddress.Loopback, 0);
            Assert.Equal("127.0.0.1", server.Address.Host);
            using var http = new HttpClient { BaseAddress = server.Address };

            var reading = ReadAsync(http, null, until: e => e.Any(x => x.EventType == "counters" && x.Data.Contains("\"sent\":22,", StringComparison.Ordinal) && x.Data.Contains("\"in_flight\":0,", StringComparison.Ordinal)));
            await Eventually.TrueAsync(
                async () =>
                {
                    using var r = await http.GetAsync("/api/snapshot");
                    return r.IsSuccessStatusCode;
                },
                "the server to load network.json");
            foreach (var node in new[] { "alice", "bob", "carol", "dave", "eve" })
            {
                Directory.Move(Path.Combine(recorded, node, "logs"), Path.Combine(dir, node, "logs"));
            }

            var events = await reading;
            Assert.Equal("hello", events[0].EventType);
            var ids = events.Skip(1).Select(e => long.Parse(e.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range((int)ids[0], ids.Count).Select(i => (long)i), ids);
            Assert.Contains(events, e => e.EventType == "hop");
            Assert.Contains(events, e => e.EventType == "htlc");
            Assert.Contains(events, e => e.EventType == "payment" && e.Data.Contains(RecordedRun.UnknownHash, StringComparison.Ordinal) && e.Data.Contains("\"status\":\"failed\"", StringComparison.Ordinal));

            var resumed = await ReadAsync(http, ids[9], until: e => e.Count >= 2);
            Assert.Equal(ids[10].ToString(System.Globalization.CultureInfo.InvariantCulture), resumed[1].EventId);

            foreach (var path in new[] { "/", "/api/snapshot", "/api/topology", "/api/payments", "/api/payments/" + events.First(e => e.EventType == "payment").Data[9..73] })
            {
                var response = await http.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, path);
                Assert.DoesNotContain(Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(events, e => e.Data.Contains(Token, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/api/payments", null)).StatusCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            Directory.Delete(recorded, recursive: true);
        }
    }

    [Fact]
    public async Task A_page_opened_as_the_server_starts_gets_the_snapshot_not_a_503()
    {
        // alice's control API accepts and never answers, so the feed's first tick waits out its health
        // deadline (800 ms) before it makes a snapshot: a request in that window was told 503.
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<System.Net.Sockets.Socket>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var socket = await silent.AcceptSocketAsync();
                    lock (held)
                    {
                        held.Add(socket);
                    }
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // The listener stopped: the test is over.
            }
        });
        var recorded = RecordedRun.CopyToTemp();
        var dir = Directory.CreateTempSubdirectory("lnrelay-web-").FullName;
        var json = await File.ReadAllTextAsync(Path.Combine(recorded, "network.json"));
        var alice = System.Text.Json.Nodes.JsonNode.Parse(json)!["nodes"]![0]!;
        var silentUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        await File.WriteAllTextAsync(Path.Combine(dir, "network.json"), json.Replace(alice["control_url"]!.GetValue<string>(), silentUrl, StringComparison.Ordinal));
        foreach (var node in new[] { "alice", "bob", "carol", "dave", "eve" })
        {
            Directory.CreateDirectory(Path.Combine(dir, node));
            await File.WriteAllTextAsync(Path.Combine(dir, node, "api.token"), "token");
        }

        try
        {
            await using var server = await WebServer.StartAsync(dir, IPAddress.Loopback, 0);
            using var http = new HttpClient { BaseAddress = server.Address };
            using var response = await http.GetAsync("/api/snapshot");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"map_svg\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            silent.Stop();
            await accepting;
            lock (held)
            {
                foreach (var socket in held)
                {
                    socket.Dispose();
                }
            }

            Directory.Delete(dir, recursive: true);
            Directory.Delete(recorded, recursive: true);
        }
    }

    private static async Task<List<SseItem<string>>> ReadAsync(HttpClient http, long? lastEventId, Func<List<SseItem<string>>, bool> until)
    {
        using var cts = new CancellationTokenSource(Deadline);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cts.Token))
        {
            items.Add(item);
            if (until(items))
            {
                break;
            }
        }

        return items;
    }
}
