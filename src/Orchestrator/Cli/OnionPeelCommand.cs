using System.CommandLine;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion peel --privkey HEX --assoc-data HEX --onion HEX</c>: peels one layer
/// as the node holding the key would. Prints <c>{"payload", "shared_secret", "final",
/// "next_onion"}</c>, or for a refused onion <c>{"error", "failure_code", ...}</c> and exit 1.
/// </summary>
internal static class OnionPeelCommand
{
    public static Command Build()
    {
        var privateKey = OnionCommand.HexOption("--privkey", "The node's 32-byte secret key (hex).");
        var associatedData = OnionCommand.HexOption("--assoc-data", "The associated data: the HTLC's payment_hash (hex).");
        var onion = OnionCommand.HexOption("--onion", "The 1366-byte onion_routing_packet (hex).");
        var command = new Command(
            "peel",
            "Peel one layer of an onion with a node's secret key. Prints the hop payload (TLV stream, no length " +
            "prefix), the shared secret, whether this hop is final, and the next onion; or why it was refused.")
        {
            privateKey,
            associatedData,
            onion,
        };
        command.SetAction(parse => Run(parse.GetValue(privateKey), parse.GetValue(associatedData), parse.GetValue(onion)));
        return command;
    }

    private static int Run(string? privateKeyHex, string? associatedDataHex, string? onionHex)
    {
        var secret = OnionCommand.Secret(privateKeyHex, "--privkey");
        var associatedData = CliArgs.Hex(associatedDataHex, "--assoc-data");
        var packet = CliArgs.Hex(onionHex, "--onion", OnionPacket.Size);
        using var key = PrivateKey.Create(secret);
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
