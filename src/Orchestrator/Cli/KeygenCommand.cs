using System.CommandLine;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay keygen --out FILE [--force]</c>: a new node identity key, written as a
/// <see cref="KeyFile"/>; prints <c>{"node_id": ..., "key_file": ...}</c>. The secret
/// never reaches stdout.
/// </summary>
internal static class KeygenCommand
{
    public static Command Build()
    {
        var output = new Option<string>("--out")
        {
            Description = "The key file to create (64 hex characters, mode 0600).",
            Required = true,
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace the file if it already exists (the old key is lost).",
        };
        var command = new Command(
            "keygen",
            "Generate a node's secret key, write it to a file only its owner can read, and print the node id " +
            "(the 33-byte public key peers use to dial and authorize it).\n" +
            "Example: lnrelay keygen --out alice.key")
        {
            output,
            force,
        };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(force)));
        return command;
    }

    private static int Run(string path, bool force)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException("--out: a file name is required.");
        }

        using var key = PrivateKey.Generate();
        try
        {
            KeyFile.Write(path, key, force);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var hint = File.Exists(path) && !force ? " Use --force to replace it." : "";
            JsonOutput.WriteLine(new JsonObject { ["event"] = "keygen_failed", ["key_file"] = path, ["reason"] = e.Message + hint });
            return ExitCodes.Refused;
        }

        JsonOutput.WriteLine(new JsonObject
        {
            ["event"] = "keygen",
            ["node_id"] = key.PublicKey.ToHex(),
            ["key_file"] = Path.GetFullPath(path),
        });
        return ExitCodes.Success;
    }
}
