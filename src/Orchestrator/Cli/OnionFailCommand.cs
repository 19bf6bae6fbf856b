using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion fail --shared-secret HEX --failure-message HEX [--pad-to N]</c>: the
/// erring node's return packet (BOLT 4 "Returning Errors"), built by
/// <see cref="FailurePacket.Create(ReadOnlySpan{byte}, ReadOnlySpan{byte}, int)"/>. Prints <c>{"packet": HEX}</c>.
/// </summary>
internal static class OnionFailCommand
{
    public static Command Build()
    {
        var secret = SharedOptions.Hex("--shared-secret", "The erring hop's 32-byte shared secret with the origin (hex).");
        var message = SharedOptions.Hex("--failure-message", "The failuremsg: failure_code (u16) and its data (hex).");
        var padTo = new Option<int>("--pad-to")
        {
            Description = "failure_len + pad_len (at least 256; the current spec vector uses 1024).",
            DefaultValueFactory = _ => FailurePacket.DefaultPaddedLength,
        };
        var command = new Command(
            "fail",
            "Build the obfuscated failure packet an erring hop returns in update_fail_htlc.")
        {
            secret,
            message,
            padTo,
        };
        command.SetAction(parse => Run(parse.GetValue(secret), parse.GetValue(message), parse.GetValue(padTo)));
        return command;
    }

    private static int Run(string? secretHex, string? messageHex, int padTo)
    {
        var secret = CliArgs.Hex(secretHex, "--shared-secret", KeySizes.Hash);
        var message = CliArgs.Hex(messageHex, "--failure-message");
        if (message.Length < sizeof(ushort))
        {
            throw new UsageException("--failure-message: needs at least the 2-byte failure_code.");
        }

        if (padTo < FailurePacket.DefaultPaddedLength || padTo > ushort.MaxValue)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--pad-to: {padTo} is outside {FailurePacket.DefaultPaddedLength}..{ushort.MaxValue}."));
        }

        if (message.Length > ushort.MaxValue)
        {
            throw new UsageException("--failure-message: longer than a u16 length can describe.");
        }

        JsonOutput.WriteLine(new JsonObject { ["packet"] = JsonOutput.Hex(FailurePacket.Create(secret, message, padTo)) });
        return ExitCodes.Success;
    }
}
