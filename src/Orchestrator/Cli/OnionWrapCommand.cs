using System.CommandLine;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion wrap --shared-secret HEX --packet HEX</c>: an intermediate hop's layer of
/// obfuscation on a return packet (BOLT 4 "Returning Errors"). Prints <c>{"packet": HEX}</c>.
/// </summary>
internal static class OnionWrapCommand
{
    public static Command Build()
    {
        var secret = SharedOptions.Hex("--shared-secret", "This hop's 32-byte shared secret with the origin (hex).");
        var packet = SharedOptions.Hex("--packet", "The failure packet received from downstream (hex).");
        var command = new Command(
            "wrap",
            "Add one hop's ammag obfuscation to a failure packet on its way back to the origin.")
        {
            secret,
            packet,
        };
        command.SetAction(parse => Run(parse.GetValue(secret), parse.GetValue(packet)));
        return command;
    }

    private static int Run(string? secretHex, string? packetHex)
    {
        var secret = CliArgs.Hex(secretHex, "--shared-secret", KeySizes.Hash);
        var packet = CliArgs.Hex(packetHex, "--packet");
        JsonOutput.WriteLine(new JsonObject { ["packet"] = JsonOutput.Hex(FailurePacket.Wrap(secret, packet)) });
        return ExitCodes.Success;
    }
}
