using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using LnRelay.Node.Api;
using LnRelay.Node.Hosting;
using LnRelay.Node.Payments;
using LnRelay.Node.Peers;
using LnRelay.Node.Store;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Kubernetes;
using LnRelay.Orchestrator.NetworkSetup;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// A child process of <c>bench network --processes</c> (<c>lnrelay bench shard</c>, not for
/// people): hosts its shard of a network folder's nodes with the shard host
/// (<see cref="ShardHost.StartAsync"/>, 127.0.0.1, the ports of the network file, no control
/// APIs) and serves the benchmark over its stdin and stdout, one JSON object per line
/// (<see cref="ShardProtocol"/>): invoices from its payees, payments from its payers, peer
/// counts, blocks and its own figures. It obeys its parent only: stdin's end (the parent
/// exited, however it ended) or "stop" stops every node and ends the process; Ctrl+C, which
/// the terminal sends to the whole process group, is left to the parent, which stops its
/// children itself.
/// Unlike the other verbs' services (docs/architecture.md, "src/Orchestrator": a command calls
/// one service and renders its result, e.g. <see cref="BenchNetworkOutcome"/>), this one writes
/// its own output and returns the exit code: it is the child process's main loop, and its stdout
/// is the protocol, not a rendering of a result. It answers requests and reports events
/// (progress, figures, failures) while it runs, and the parent reads them line by line as they
/// come; a result returned at the end could not carry them. Its only reader is
/// <c>bench network --processes</c>, which renders for people.
/// </summary>
internal static class ShardWorker
{
    /// <summary>A progress event every this share of the shard's nodes started.</summary>
    private const int ProgressSteps = 20;

    /// <summary>The child's process: SIGTERM stops it; SIGINT (Ctrl+C, sent to the whole group) is the parent's to act on.</summary>
    public static async Task<int> RunAsync(string networkDir, int first, int count, bool inMemory, StoreSynchronous sync, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        using var input = new StreamReader(Console.OpenStandardInput());
        await using var output = new StreamWriter(Console.OpenStandardOutput());
        return await RunAsync(networkDir, first, count, inMemory, sync, input, output, stop.Token);
    }

    public static async Task<int> RunAsync(string networkDir, int first, int count, bool inMemory, StoreSynchronous sync, TextReader input, TextWriter output, CancellationToken ct)
    {
        var channel = new ShardProtocol.Writer(output);
        var folder = NetworkFolder.Load(networkDir, out var errors);
        if (folder is null)
        {
            channel.Failed(null, string.Join(" ", errors));
            return ExitCodes.Refused;
        }

        if (first < 0 || count < 1 || first + count > folder.Network.Nodes.Count)
        {
            channel.Failed(null, $"nodes {first} to {first + count - 1} are not all in {networkDir} ({folder.Network.Nodes.Count} nodes).");
            return ExitCodes.Refused;
        }

        var names = folder.Network.Nodes.Skip(first).Take(count).Select(n => n.Name).ToList();
        var mine = names.ToHashSet(StringComparer.Ordinal);
        var sockets = folder.Network.Channels.Where(c => !c.Closed).Sum(c => (mine.Contains(c.Node1.Name) ? 1 : 0) + (mine.Contains(c.Node2.Name) ? 1 : 0));
        if (FileLimits.Ensure(FileLimits.Needed(count, 0, controlApi: false, durable: !inMemory) + sockets, string.Create(CultureInfo.InvariantCulture, $"Hosting {count:N0} nodes with {sockets:N0} channel ends in one process")) is { } limit)
        {
            channel.Failed(null, limit);
            return ExitCodes.Refused;
        }

        channel.Send(new JsonObject { ["event"] = "baseline", ["held_mb"] = ProcessMemory.LiveHeapMb(), ["rss_mb"] = ProcessMemory.ResidentMb() });
        var clock = Stopwatch.StartNew();
        List<InProcessNode> nodes;
        var every = Math.Max(1, count / ProgressSteps);
        try
        {
            nodes = await ShardHost.StartAsync([.. names.Select(n => Path.GetFullPath(folder.NodeDirectory(n)))], IPAddress.Loopback, inMemory, controlApi: false, ct, configure: (_, settings) => settings with { Synchronous = sync }, started: node =>
            {
                if (node.Name != names[^1] && (names.IndexOf(node.Name) + 1) % every == 0)
                {
                    channel.Send(new JsonObject { ["event"] = "progress", ["started"] = names.IndexOf(node.Name) + 1, ["last"] = node.Name });
                }
            });
        }
        catch (InvalidOperationException e)
        {
            channel.Failed(null, e.Message);
            return ExitCodes.Refused;
        }

        try
        {
            var runtimes = nodes.ToDictionary(n => n.Name, n => n.Runtime, StringComparer.Ordinal);
            channel.Send(new JsonObject { ["event"] = "started", ["seconds"] = clock.Elapsed.TotalSeconds, ["height"] = runtimes.Values.Max(r => r.BlockHeight), ["rss_mb"] = ProcessMemory.ResidentMb() });
            await ServeAsync(runtimes, input, channel, ct);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.StopAsync()));
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>Answers requests until stdin ends or says "stop"; payments run side by side, each answered when it ends.</summary>
    private static async Task ServeAsync(Dictionary<string, NodeRuntime> nodes, TextReader input, ShardProtocol.Writer channel, CancellationToken ct)
    {
        while (await ReadLineAsync(input, ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var request = JsonNode.Parse(line)!.AsObject();
            var op = (string?)request["op"];
            if (op == "stop")
            {
                return;
            }

            if (op == "pay")
            {
                _ = PayAsync(nodes, request, channel, ct);
                continue;
            }

            var answer = op switch
            {
                "invoice" => Invoice(nodes, request),
                "peers" => Peers(nodes),
                "block" => Block(nodes, request),
                "stats" => Stats(nodes, (bool?)request["collect"] ?? false),
                _ => new JsonObject { ["error"] = $"unknown op '{op}'" },
            };
            if (request["id"] is { } id)
            {
                answer["id"] = id.GetValue<long>();
                channel.Send(answer);
            }
        }
    }

    /// <summary>A line of stdin, or null at its end; cancellation leaves the blocked read behind (the process is ending).</summary>
    private static async Task<string?> ReadLineAsync(TextReader input, CancellationToken ct) => await input.ReadLineAsync(CancellationToken.None).AsTask().WaitAsync(ct);

    private static JsonObject Invoice(Dictionary<string, NodeRuntime> nodes, JsonObject request)
    {
        var payee = nodes[(string)request["node"]!];
        var invoice = BenchPayments.InvoiceRequest(payee, (ulong)request["amount"]!, (string?)request["lock"] ?? "hash");
        return new JsonObject
        {
            ["hash"] = Convert.ToHexString(invoice.PaymentHash),
            ["secret"] = Convert.ToHexString(invoice.PaymentSecret),
            ["cltv"] = invoice.MinFinalCltvExpiryDelta,
        };
    }

    private static async Task PayAsync(Dictionary<string, NodeRuntime> nodes, JsonObject request, ShardProtocol.Writer channel, CancellationToken ct)
    {
        var id = (long)request["id"]!;
        try
        {
            var to = (string)request["to"]!;
            var amount = (ulong)request["amount"]!;
            var payment = request["hash"] is null
                ? BenchPayments.UnknownRequest(to, amount, (string?)request["lock"] ?? "hash")
                : new PaymentRequest(to, amount, Convert.FromHexString((string)request["hash"]!), Convert.FromHexString((string)request["secret"]!), (ushort)request["cltv"]!);
            var outcome = await BenchPayments.PayAsync(nodes[(string)request["from"]!], payment, (int?)request["parts"] ?? 1, ct);
            channel.Send(new JsonObject { ["id"] = id, ["ok"] = outcome.Succeeded, ["hops"] = outcome.Hops, ["failure"] = outcome.Failure });
        }
        catch (OperationCanceledException)
        {
            // The process is stopping; the parent no longer waits.
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            channel.Send(new JsonObject { ["id"] = id, ["ok"] = false, ["hops"] = 0, ["failure"] = e.Message });
        }
    }

    /// <summary>Peer links up and in all, channels still waiting for the chain, and the first few of each not ready (for the parent's error when the deadline passes).</summary>
    private static JsonObject Peers(Dictionary<string, NodeRuntime> nodes)
    {
        const int Named = 5;
        var links = nodes.Values.SelectMany(r => r.PeerStatuses.Select(p => (Node: r.Name, Peer: p))).ToList();
        var down = links.Where(l => l.Peer.State != PeerState.Connected).ToList();
        // As ChainSyncWait: a channel whose funding output the node has not yet seen confirmed carries no payment.
        var unconfirmed = nodes.Values.SelectMany(n => n.Network.ChannelsOf(n.Name).Where(c => n.RefusalOf(c.ShortChannelId) == ChannelView.WaitingForChain).Select(c => $"{n.Name} {c.ShortChannelId}")).ToList();
        return new JsonObject
        {
            ["up"] = links.Count - down.Count,
            ["total"] = links.Count,
            ["missing"] = new JsonArray([.. down.Take(Named).Select(l => (JsonNode)$"{l.Node} -> {l.Peer.Name} ({l.Peer.State}{(l.Peer.LastError is null ? "" : ": " + l.Peer.LastError)})")]),
            ["unconfirmed"] = unconfirmed.Count,
            ["unconfirmed_first"] = new JsonArray([.. unconfirmed.Take(Named).Select(c => (JsonNode)c)]),
        };
    }

    private static JsonObject Block(Dictionary<string, NodeRuntime> nodes, JsonObject request)
    {
        var height = (uint)request["height"]!;
        foreach (var node in nodes.Values)
        {
            node.TrySetBlockHeight(height);
        }

        return [];
    }

    /// <summary>This process's figures; <paramref name="collect"/>: after a full collection, with what it still holds.</summary>
    private static JsonObject Stats(Dictionary<string, NodeRuntime> nodes, bool collect)
    {
        var stats = new JsonObject
        {
            ["rss_mb"] = ProcessMemory.ResidentMb(),
            ["peak_mb"] = ProcessMemory.PeakResidentMb(),
            ["gc_pause_ms"] = GC.GetTotalPauseDuration().TotalMilliseconds,
            ["gc"] = new JsonArray([.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => (JsonNode)GC.CollectionCount(g))]),
            ["commits"] = nodes.Values.Sum(r => r.StoreCommits),
            ["replay"] = nodes.Values.Sum(r => (long)r.ReplayLogCount),
        };
        if (collect)
        {
            stats["held_mb"] = ProcessMemory.LiveHeapMb();
        }

        return stats;
    }
}
