using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Orchestrator.Cli;

/// <summary>The JSON lines 'sts listen' and 'sts connect' print for a session's messages and its end.</summary>
internal static class StsEvents
{
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
