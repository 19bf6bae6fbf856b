using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Transport.Net;
using LnRelay.Transport.Peers;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay sts connect</c>: dial one node, handshake, exchange init, optionally send
/// pings and wait for their pongs, print each event as a JSON line, and exit.
/// </summary>
internal static class StsConnectCommand
{
    /// <summary>How long one ping may wait for its pong before the verb gives up.</summary>
    private static readonly TimeSpan PongDeadline = TimeSpan.FromSeconds(10);

    public static Command Build()
    {
        var keyFile = new Option<string>("--key-file") { Description = "This node's secret key file (from 'lnrelay keygen').", Required = true };
        var host = new Option<string>("--host") { Description = "Host name or address to dial.", Required = true };
        var port = new Option<int>("--port") { Description = "TCP port to dial.", Required = true };
        var nodeId = new Option<string>("--node-id") { Description = "The node id (66 hex characters) expected at that address; anyone else is refused.", Required = true };
        var network = new Option<string>("--network") { Description = "Network name: the handshake prologue and the init networks record; both sides must agree.", Required = true };
        var pings = new Option<int>("--ping") { Description = "Pings to send, one after another, each waiting for its pong (default 0)." };
        var command = new Command(
            "connect",
            "Dial a node over the STS transport, exchange init, print each message received as a JSON line, " +
            "optionally send N pings and wait for their pongs, then exit 0. A refused handshake or init exits 1 " +
            "with the reason as JSON.\n" +
            "Example: lnrelay sts connect --key-file alice.key --host 127.0.0.1 --port 9735 --node-id 02cd... --network lnrelay-demo --ping 3")
        {
            keyFile,
            host,
            port,
            nodeId,
            network,
            pings,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(keyFile)!, parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(nodeId)!, parse.GetValue(network)!, parse.GetValue(pings), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string keyFile, string host, int port, string nodeIdHex, string network, int pings, CancellationToken cancellationToken)
    {
        CliArgs.Port(port, allowZero: false);
        if (pings < 0)
        {
            throw new UsageException($"--ping: {pings} is negative.");
        }

        var expected = CliArgs.NodeIdHex(nodeIdHex, "--node-id");
        using var key = CliArgs.KeyFile(keyFile);
        var dialer = new StsDialer(key, new StsTransportOptions { NetworkName = network });
        var dial = await dialer.ConnectAsync(host, port, expected, cancellationToken);
        if (!dial.Succeeded)
        {
            JsonOutput.WriteLine(new JsonObject { ["event"] = "handshake_failed", ["host"] = host, ["port"] = port, ["reason"] = dial.Failure.ToString() });
            return ExitCodes.Refused;
        }

        JsonOutput.WriteLine(new JsonObject { ["event"] = "handshake_completed", ["remote_node_id"] = expected.ToHex() });
        var start = await PeerSession.StartAsync(dial.Connection, StsEvents.SessionOptions(network, expected), new StsJsonLogger(), cancellationToken);
        if (!start.IsStarted)
        {
            JsonOutput.WriteLine(StsEvents.SessionEnded(expected, start.Refusal));
            return ExitCodes.Refused;
        }

        await using var session = start.Session;
        JsonOutput.WriteLine(new JsonObject { ["event"] = "session_started", ["remote_node_id"] = expected.ToHex(), ["features"] = session.RemoteFeatures.ToString() });
        for (var sequence = 1; sequence <= pings; sequence++)
        {
            var clock = Stopwatch.StartNew();
            bool answered;
            try
            {
                answered = await session.PingAsync(0, cancellationToken).WaitAsync(PongDeadline, cancellationToken);
            }
            catch (TimeoutException)
            {
                answered = false;
            }

            if (!answered)
            {
                var end = session.Completion.IsCompleted ? await session.Completion : new PeerSessionEnd(PeerCloseReason.PongTimeout, $"ping {sequence} unanswered");
                JsonOutput.WriteLine(StsEvents.SessionEnded(expected, end));
                return ExitCodes.Refused;
            }

            JsonOutput.WriteLine(new JsonObject { ["event"] = "pong_received", ["sequence"] = sequence, ["round_trip_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 3) });
        }

        await session.CloseAsync();
        JsonOutput.WriteLine(new JsonObject { ["event"] = "done", ["pings"] = pings });
        return ExitCodes.Success;
    }
}
