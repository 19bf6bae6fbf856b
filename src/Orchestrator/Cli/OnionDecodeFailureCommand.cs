using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion decode-failure --session-key HEX --hop PUBKEY [--hop ...] --packet HEX</c>:
/// the origin's view of a return packet (BOLT 4 "Origin node"): the shared secrets are
/// re-derived from the session key and the route, then
/// <see cref="FailurePacketDecoder"/> attributes the failure to a hop. Prints
/// <c>{"hop_index", "node_id", "failure_code", "failure_name", "failure_message"}</c>;
/// exit 1 with <c>{"error", ...}</c> when no hop can be blamed.
/// </summary>
internal static class OnionDecodeFailureCommand
{
    public static Command Build()
    {
        var sessionKey = SharedOptions.Hex("--session-key", "The onion's 32-byte session key (hex).");
        var hops = new Option<string[]>("--hop")
        {
            Description = "A hop's node id (33-byte compressed public key, hex), in route order; repeat per hop.",
            Required = true,
        };
        var packet = SharedOptions.Hex("--packet", "The failure packet as the origin received it (hex).");
        var command = new Command(
            "decode-failure",
            "Decrypt a failure packet as the origin and say which hop sent it and why.")
        {
            sessionKey,
            hops,
            packet,
        };
        command.SetAction(parse => Run(parse.GetValue(sessionKey), parse.GetValue(hops) ?? [], parse.GetValue(packet)));
        return command;
    }

    private static int Run(string? sessionKeyHex, string[] hopHexes, string? packetHex)
    {
        var sessionKey = CliArgs.Secret(sessionKeyHex, "--session-key");
        if (hopHexes.Length is 0 or > FailurePacketDecoder.Rounds)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--hop: give 1 to {FailurePacketDecoder.Rounds} hops, in route order."));
        }

        var route = hopHexes.Select((hex, i) => CliArgs.NodeId(hex, string.Create(CultureInfo.InvariantCulture, $"--hop #{i + 1}"))).ToArray();
        var packet = CliArgs.Hex(packetHex, "--packet");
        var secrets = OnionBuilder.DeriveSharedSecrets(sessionKey, route);
        if (!FailurePacketDecoder.TryDecode(packet, secrets, out var decoded, out var error))
        {
            JsonOutput.WriteLine(new JsonObject
            {
                ["error"] = error.Reason switch
                {
                    FailurePacketDecodeErrorReason.PacketTooShort => "packet_too_short",
                    FailurePacketDecodeErrorReason.NoHopMatched => "unattributable",
                    _ => "failure_length_past_end",
                },
                ["hop_index"] = error.HopIndex,
                ["node_id"] = error.HopIndex is { } hop ? route[hop].ToHex() : null,
            });
            return ExitCodes.Refused;
        }

        var code = decoded.FailureMessageBytes.Length >= sizeof(ushort)
            ? (int?)((decoded.FailureMessageBytes[0] << 8) | decoded.FailureMessageBytes[1])
            : null;
        JsonOutput.WriteLine(new JsonObject
        {
            ["hop_index"] = decoded.HopIndex,
            ["node_id"] = route[decoded.HopIndex].ToHex(),
            ["failure_code"] = code,
            ["failure_name"] = code is { } c ? ((FailureCode)c).SpecName() : null,
            ["failure_message"] = JsonOutput.Hex(decoded.FailureMessageBytes),
            ["message_error"] = decoded.MessageError?.ToString(),
        });
        return ExitCodes.Success;
    }
}
