using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Sphinx.Onion;
using LnRelay.Wire;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion create FILE|-</c>: builds an onion from the <c>generate</c> object of
/// BOLT 4 onion-test.json (or the whole file): <c>{"session_key", "associated_data",
/// "hops": [{"pubkey", "payload"}]}</c>, where each payload carries its BigSize length
/// prefix, as in the vector. Prints <c>{"onion": HEX}</c>.
/// </summary>
internal static class OnionCreateCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "JSON route description, or - for standard input.",
        };
        var command = new Command(
            "create",
            "Build a 1366-byte onion from a session key, associated data and hops whose payloads carry " +
            "their BigSize length prefix (the 'generate' object of onion-test.json, or the whole file).\n" +
            "Example: lnrelay onion create tests/vectors/onion-test.json")
        {
            file,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!));
        return command;
    }

    private static int Run(string path)
    {
        var (sessionKey, associatedData, route) = Read(CliArgs.ReadTextFileOrStdin(path, "FILE"));
        if (!OnionBuilder.TryCreateWithSessionKey(sessionKey, route, associatedData, out var onion, out var refusal))
        {
            JsonOutput.WriteLine(new JsonObject { ["error"] = "route_too_long", ["detail"] = refusal });
            return ExitCodes.Refused;
        }

        JsonOutput.WriteLine(new JsonObject { ["onion"] = JsonOutput.Hex(onion.Packet) });
        return ExitCodes.Success;
    }

    private static (byte[] SessionKey, byte[] AssociatedData, OnionHop[] Route) Read(string text)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"FILE: not JSON ({e.Message}).");
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("generate", out var generate))
        {
            root = generate;
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("hops", out var hops)
            || hops.ValueKind != JsonValueKind.Array
            || hops.GetArrayLength() == 0)
        {
            throw new UsageException("FILE: expected {\"session_key\", \"associated_data\", \"hops\": [{\"pubkey\", \"payload\"}, ...]} with at least one hop.");
        }

        var sessionKey = OnionCommand.Secret(Text(root, "session_key"), "session_key");
        var associatedData = CliArgs.Hex(Text(root, "associated_data"), "associated_data");
        var route = hops.EnumerateArray().Select((hop, i) => ReadHop(hop, i)).ToArray();
        return (sessionKey, associatedData, route);
    }

    private static OnionHop ReadHop(JsonElement hop, int index)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"hops[{index}]");
        if (hop.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{name}: expected {{\"pubkey\", \"payload\"}}.");
        }

        var nodeId = OnionCommand.NodeId(Text(hop, "pubkey"), $"{name}.pubkey");
        var prefixed = CliArgs.Hex(Text(hop, "payload"), $"{name}.payload");

        // The vector's payloads include bigsize(length); the builder adds it itself, so check and strip it.
        if (BigSize.TryRead(prefixed, out var length, out var consumed) != BigSizeReadStatus.Ok
            || length != (ulong)(prefixed.Length - consumed))
        {
            throw new UsageException($"{name}.payload: must start with a minimal BigSize length equal to the bytes that follow it.");
        }

        if (length < 2)
        {
            throw new UsageException($"{name}.payload: lengths 0 and 1 are reserved (BOLT 4).");
        }

        return new OnionHop(nodeId, prefixed.AsMemory(consumed));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new UsageException($"FILE: '{property}' (a hex string) is missing.");
}
