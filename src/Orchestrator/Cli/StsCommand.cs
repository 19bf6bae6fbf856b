using System.CommandLine;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay sts listen|connect</c>: the transport and the BOLT 1 message layer by
/// hand, one JSON object per event on stdout, for checking two machines can talk.
/// </summary>
internal static class StsCommand
{
    public static Command Build()
    {
        var command = new Command(
            "sts",
            "Talk to a node over the station-to-station transport: listen for peers or dial one, " +
            "exchange init and pings, and print every event as a JSON line.")
        {
            StsListenCommand.Build(),
            StsConnectCommand.Build(),
        };
        return command;
    }

    /// <summary>Reads the key file or throws <see cref="UsageException"/> with the reader's explanation.</summary>
    public static PrivateKey LoadKey(string path)
    {
        if (KeyFile.Read(path, out var key, out var message) != KeyFileError.None)
        {
            throw new UsageException($"--key-file: {message}");
        }

        return key!;
    }

    public static PublicKey ParseNodeId(string? hex, string optionName) =>
        PublicKey.TryParseHex(hex?.Trim(), out var key)
            ? key
            : throw new UsageException($"{optionName}: '{hex}' is not a node id (66 hex characters, a compressed secp256k1 public key).");

    public static void ValidatePort(int port, bool allowZero)
    {
        if (port is < 0 or > ushort.MaxValue || (port == 0 && !allowZero))
        {
            throw new UsageException($"--port: {port} is not a TCP port (1-65535{(allowZero ? ", or 0 for any free port" : string.Empty)}).");
        }
    }

    /// <summary>The session options both verbs use; every received message becomes a JSON line.</summary>
    public static PeerSessionOptions SessionOptions(string network, PublicKey remote) => new()
    {
        NetworkName = network,
        MessageObserver = message => JsonOutput.WriteLine(new JsonObject
        {
            ["event"] = "message_received",
            ["remote_node_id"] = remote.ToHex(),
            ["type"] = message.RawType,
            ["name"] = TypeName(message.RawType),
            ["length"] = message.Length,
            ["status"] = message.Status.ToString(),
        }),
    };

    public static JsonObject SessionEnded(PublicKey remote, PeerSessionEnd end) => new()
    {
        ["event"] = "session_ended",
        ["remote_node_id"] = remote.ToHex(),
        ["reason"] = end.Reason.ToString(),
        ["detail"] = end.Detail,
    };

    /// <summary>The BOLT name of a message type, or "unknown".</summary>
    private static string TypeName(ushort type) => (MessageType)type switch
    {
        MessageType.Warning => "warning",
        MessageType.Init => "init",
        MessageType.Error => "error",
        MessageType.Ping => "ping",
        MessageType.Pong => "pong",
        MessageType.UpdateAddHtlc => "update_add_htlc",
        MessageType.UpdateFulfillHtlc => "update_fulfill_htlc",
        MessageType.UpdateFailHtlc => "update_fail_htlc",
        MessageType.UpdateFailMalformedHtlc => "update_fail_malformed_htlc",
        _ => "unknown",
    };
}
