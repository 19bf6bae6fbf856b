using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Transport.Net;
using LnRelay.Transport.Peers;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay sts listen</c>: accept peers on a port, complete handshakes with the
/// allowed node ids, run a <see cref="PeerSession"/> with each (init, pongs), and
/// print one JSON line per event until Ctrl+C.
/// </summary>
internal static class StsListenCommand
{
    public static Command Build()
    {
        var keyFile = new Option<string>("--key-file") { Description = "This node's secret key file (from 'lnrelay keygen').", Required = true };
        var port = new Option<int>("--port") { Description = "TCP port to listen on (0 picks a free one; the 'listening' line shows it).", Required = true };
        var host = new Option<string>("--host") { Description = "Address to bind.", DefaultValueFactory = _ => "127.0.0.1" };
        var network = new Option<string>("--network") { Description = "Network name: the handshake prologue and the init networks record; both sides must agree.", Required = true };
        var allow = new Option<string[]>("--allow") { Description = "Node id (66 hex characters) allowed to connect; repeat for several.", Required = true };
        var command = new Command(
            "listen",
            "Listen for peers: complete STS handshakes with allowed node ids, exchange init, answer pings, " +
            "and print one JSON line per event (listening, handshake refused with its reason, session started, " +
            "each message received with its type and length, session ended). Runs until Ctrl+C.\n" +
            "Example: lnrelay sts listen --key-file bob.key --port 9735 --network lnrelay-demo --allow 02ab...")
        {
            keyFile,
            port,
            host,
            network,
            allow,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(keyFile)!, parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(network)!, parse.GetValue(allow) ?? [], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string keyFile, string host, int port, string network, string[] allow, CancellationToken cancellationToken)
    {
        CliArgs.Port(port, allowZero: true);
        if (!IPAddress.TryParse(host, out var address))
        {
            throw new UsageException($"--host: '{host}' is not an IP address.");
        }

        var allowed = allow.Select(id => CliArgs.NodeIdHex(id, "--allow")).ToHashSet();
        using var key = CliArgs.KeyFile(keyFile);
        var logger = new StsJsonLogger();
        await using var listener = new StsListener(key, new IPEndPoint(address, port), allowed.Contains, new StsTransportOptions { NetworkName = network }, logger);
        try
        {
            listener.Start();
        }
        catch (ListenerStartException e)
        {
            JsonOutput.WriteLine(new JsonObject { ["event"] = "listen_failed", ["reason"] = e.Message });
            return ExitCodes.Refused;
        }

        JsonOutput.WriteLine(new JsonObject
        {
            ["event"] = "listening",
            ["node_id"] = key.PublicKey.ToHex(),
            ["host"] = listener.LocalEndPoint.Address.ToString(),
            ["port"] = listener.Port,
            ["network"] = network,
        });

        var peers = new List<Task>();
        try
        {
            await foreach (var connection in listener.AcceptAllAsync(cancellationToken))
            {
                peers.Add(ServeAsync(connection, network, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: stop accepting; sessions end below.
        }

        // System.CommandLine ends the process shortly after Ctrl+C (exit 130); this is best effort.
        await Task.WhenAll(peers);
        return ExitCodes.Success;
    }

    /// <summary>One peer: init exchange, then the session answers pings until either side ends it.</summary>
    private static async Task ServeAsync(StsConnection connection, string network, CancellationToken cancellationToken)
    {
        var remote = connection.RemoteNodeId;
        JsonOutput.WriteLine(new JsonObject
        {
            ["event"] = "handshake_completed",
            ["remote_node_id"] = remote.ToHex(),
            ["remote_end_point"] = connection.RemoteEndPoint?.ToString(),
        });
        try
        {
            var start = await PeerSession.StartAsync(connection, StsEvents.SessionOptions(network, remote), new StsJsonLogger(), cancellationToken);
            if (!start.IsStarted)
            {
                JsonOutput.WriteLine(StsEvents.SessionEnded(remote, start.Refusal));
                return;
            }

            await using var session = start.Session;
            JsonOutput.WriteLine(new JsonObject { ["event"] = "session_started", ["remote_node_id"] = remote.ToHex(), ["features"] = session.RemoteFeatures.ToString() });
            await using (cancellationToken.Register(() => _ = session.CloseAsync().AsTask()))
            {
                // Channel messages were printed by the observer; nothing here acts on them.
                await foreach (var update in session.ChannelMessages.ReadAllAsync(CancellationToken.None))
                {
                    _ = update;
                }

                JsonOutput.WriteLine(StsEvents.SessionEnded(remote, await session.Completion));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C during the init exchange.
        }
    }
}
