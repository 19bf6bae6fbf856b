using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Blinding;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion blind FILE|-</c>: builds a blinded path as its writer would (BOLT 4
/// "Route Blinding"), from the <c>generate</c> object of bolts' route-blinding-test.json (or
/// the whole file): <c>{"hops": [{"session_key"?, "node_id", "encoded_tlvs" | "tlvs"}]}</c>.
/// A hop with a <c>session_key</c> starts a writer's segment (the first hop must have one);
/// segments are concatenated, so the previous segment's last blob should carry
/// <c>next_path_key_override</c>. Prints the path shaped like the file's <c>route</c> object.
/// </summary>
internal static class OnionBlindCommand
{
    private const string Shape = "{\"hops\": [{\"session_key\" (first hop, and where a new writer starts), \"node_id\", \"encoded_tlvs\" (hex) or \"tlvs\" (fields)}, ...]}";

    public static Command Build()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "JSON path description, or - for standard input.",
        };
        var pad = new Option<bool>("--pad")
        {
            Description = "Replace each hop's padding so every blob has the same length (as a recipient publishing a path should).",
        };
        var command = new Command(
            "blind",
            "Build a blinded path: per hop the blinded node id and encrypted_recipient_data, from path secrets, " +
            "node ids and each hop's encrypted_data_tlv (the 'generate' object of route-blinding-test.json, or the whole file). " +
            "Prints {\"first_node_id\", \"first_path_key\", \"hops\": [{\"blinded_node_id\", \"encrypted_data\"}]}.\n" +
            "Example: lnrelay onion blind tests/vectors/route-blinding-test.json")
        {
            file,
            pad,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(pad)));
        return command;
    }

    private static int Run(string path, bool pad)
    {
        var hops = OnionJson.Array(OnionJson.GenerateObject(CliArgs.ReadTextFileOrStdin(path, "FILE")), "hops", Shape);
        var plaintexts = hops.Select(ReadPlaintext).ToArray();
        if (pad)
        {
            var padded = RecipientDataPadding.PadToSameLength([.. plaintexts.Select((p, i) => Decode(p, i))]);
            plaintexts = [.. padded.Select(p => p.Encode())];
        }

        BlindedPath? result = null;
        var start = 0;
        while (start < hops.Length)
        {
            var end = start + 1;
            while (end < hops.Length && !hops[end].TryGetProperty("session_key", out _))
            {
                end++;
            }

            var secret = CliArgs.Secret(OnionJson.Text(hops[start], "session_key", Name(start)), $"{Name(start)}.session_key");
            var segment = Enumerable.Range(start, end - start)
                .Select(i => new BlindedPathBuilder.Hop(CliArgs.NodeId(OnionJson.Text(hops[i], "node_id", Name(i)), $"{Name(i)}.node_id"), plaintexts[i]))
                .ToArray();
            var built = BlindedPathBuilder.BuildWithPathSecret(secret, segment, out _);
            result = result is null ? built : result.Concatenate(built);
            start = end;
        }

        JsonOutput.WriteLine(ToJson(result!));
        return ExitCodes.Success;
    }

    internal static JsonObject ToJson(BlindedPath path) => new()
    {
        ["first_node_id"] = path.FirstNodeId.ToHex(),
        ["first_path_key"] = path.FirstPathKey.ToHex(),
        ["hops"] = new JsonArray([.. path.Hops.Select(h => (JsonNode)new JsonObject
        {
            ["blinded_node_id"] = h.BlindedNodeId.ToHex(),
            ["encrypted_data"] = JsonOutput.Hex(h.EncryptedData),
        })]),
    };

    /// <summary>The hop's plaintext: <c>encoded_tlvs</c> as given, or <c>tlvs</c> encoded; with both, they must agree.</summary>
    private static byte[] ReadPlaintext(JsonElement hop, int index)
    {
        byte[]? encoded = hop.TryGetProperty("encoded_tlvs", out _) ? CliArgs.Hex(OnionJson.Text(hop, "encoded_tlvs", Name(index)), $"{Name(index)}.encoded_tlvs") : null;
        byte[]? fromFields = null;
        if (hop.TryGetProperty("tlvs", out var tlvs))
        {
            try
            {
                fromFields = RecipientDataJson.Read(tlvs).Encode();
            }
            catch (FormatException e)
            {
                throw new UsageException($"{Name(index)}.tlvs: {e.Message}");
            }
        }

        if (encoded is not null && fromFields is not null && !encoded.AsSpan().SequenceEqual(fromFields))
        {
            throw new UsageException($"{Name(index)}: \"tlvs\" encode to {JsonOutput.Hex(fromFields)}, not the given \"encoded_tlvs\"; give one of them, or make them agree.");
        }

        return encoded ?? fromFields ?? throw new UsageException($"{Name(index)}: give \"encoded_tlvs\" (hex) or \"tlvs\" (fields).");
    }

    private static RecipientData Decode(byte[] plaintext, int index) =>
        RecipientData.TryParse(plaintext, out var data, out var failure)
            ? data
            : throw new UsageException($"{Name(index)}: the encrypted_data_tlv stream cannot be padded because it does not decode ({failure}).");

    private static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"hops[{index}]");
}
