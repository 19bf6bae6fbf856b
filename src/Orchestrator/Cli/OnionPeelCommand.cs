using System.CommandLine;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion peel --privkey HEX --assoc-data HEX --onion HEX [--path-key HEX]</c>:
/// peels one layer as the node holding the key would. Prints <c>{"payload",
/// "shared_secret", "final", "next_onion"}</c>, or for a refused onion <c>{"error",
/// "failure_code", ...}</c> and exit 1. Inside a blinded path (a <c>--path-key</c> from
/// <c>update_add_htlc</c>, or a payload with <c>current_path_key</c>: the introduction
/// node) it also prints <c>"blinded"</c>: the decrypted recipient data and the next path key
/// (docs/blinded-paths.md); a refusal there is <c>invalid_onion_blinding</c>.
/// </summary>
internal static class OnionPeelCommand
{
    public static Command Build()
    {
        var privateKey = SharedOptions.Hex("--privkey", "The node's 32-byte secret key (hex).");
        var associatedData = SharedOptions.Hex("--assoc-data", "The associated data: the HTLC's payment_hash (hex).");
        var onion = SharedOptions.Hex("--onion", "The 1366-byte onion_routing_packet (hex).");
        var pathKey = new Option<string?>("--path-key")
        {
            Description = "Inside a blinded path: the path_key that came in update_add_htlc (hex). " +
                "Not for the introduction node, whose path key is in its payload.",
        };
        var command = new Command(
            "peel",
            "Peel one layer of an onion with a node's secret key. Prints the hop payload (TLV stream, no length " +
            "prefix), the shared secret, whether this hop is final, and the next onion; or why it was refused. " +
            "A blinded hop also prints its decrypted recipient data and the next path key.\n" +
            "Example (Carol in blinded-payment-onion-test.json): lnrelay onion peel --privkey 4343…43 " +
            "--assoc-data 4242…42 --onion HEX --path-key 034e09f450a80c3d252b258aba0a61215bf60dda3b0dc78ffb0736ea1259dfd8a0")
        {
            privateKey,
            associatedData,
            onion,
            pathKey,
        };
        command.SetAction(parse => Run(parse.GetValue(privateKey), parse.GetValue(associatedData), parse.GetValue(onion), parse.GetValue(pathKey)));
        return command;
    }

    private static int Run(string? privateKeyHex, string? associatedDataHex, string? onionHex, string? pathKeyHex)
    {
        var secret = CliArgs.Secret(privateKeyHex, "--privkey");
        var associatedData = CliArgs.Hex(associatedDataHex, "--assoc-data");
        var packet = CliArgs.Hex(onionHex, "--onion", OnionPacket.Size);
        PublicKey? pathKey = pathKeyHex is null ? null : CliArgs.NodeId(pathKeyHex, "--path-key");
        using var key = PrivateKey.Create(secret);
        var blinded = BlindedOnionPeeler.Peel(key, pathKey, associatedData, packet);
        if (blinded.Outcome != BlindedPeelOutcome.Clear)
        {
            JsonOutput.WriteLine(OnionPeelBlindedJson.ToJson(blinded));
            return blinded.Outcome == BlindedPeelOutcome.Refused ? ExitCodes.Refused : ExitCodes.Success;
        }

        // An ordinary onion: peel again with its payload parsed, so a payload refusal is reported as before.
        var result = OnionPeeler.Peel(key, associatedData, packet);
        JsonOutput.WriteLine(ToJson(result));
        return result.Outcome is OnionPeelOutcome.Forward or OnionPeelOutcome.Final ? ExitCodes.Success : ExitCodes.Refused;
    }

    internal static JsonObject ToJson(in OnionPeelResult result) => result.Outcome switch
    {
        OnionPeelOutcome.Malformed => new JsonObject
        {
            ["error"] = result.FailureCode.SpecName(),
            ["failure_code"] = (int)result.FailureCode,
            ["sha256_of_onion"] = JsonOutput.Hex(result.Sha256OfOnion.Span),
            ["reason"] = result.Refusal.ToString(),
        },
        OnionPeelOutcome.PayloadFailure => new JsonObject
        {
            ["error"] = result.FailureCode.SpecName(),
            ["failure_code"] = (int)result.FailureCode,
            ["shared_secret"] = JsonOutput.Hex(result.SharedSecret.Span),
            ["payload"] = result.Payload.IsEmpty ? null : JsonOutput.Hex(result.Payload.Span),
            ["payload_error"] = result.PayloadError.ToString(),
            ["tlv_type"] = result.PayloadError.Type,
            ["tlv_offset"] = result.PayloadError.Offset,
        },
        _ => new JsonObject
        {
            ["payload"] = JsonOutput.Hex(result.Payload.Span),
            ["shared_secret"] = JsonOutput.Hex(result.SharedSecret.Span),
            ["final"] = result.IsFinal,
            ["next_onion"] = result.IsFinal ? null : JsonOutput.Hex(result.NextPacket.Span),
        },
    };
}
