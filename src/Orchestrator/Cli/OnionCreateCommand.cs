using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Onion;
using LnRelay.Wire;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay onion create FILE|-</c>: builds an onion from the <c>generate</c> object of a
/// BOLT 4 vector file (or the whole file), in one of two shapes:
/// <list type="bullet">
/// <item>onion-test.json: <c>{"session_key", "associated_data", "hops": [{"pubkey",
/// "payload"}]}</c>, each payload with its BigSize length prefix, as in the vector.
/// Prints <c>{"onion": HEX}</c>.</item>
/// <item>blinded-payment-onion-test.json: <c>{"session_key", "associated_data",
/// "final_amount_msat", "final_cltv", "blinded_payinfo", "blinded_route", "full_route"}</c>:
/// the payer's side of route blinding. The clear hops are <c>full_route</c>'s hops before the
/// introduction node, as given; the blinded hops' payloads are computed from
/// <c>blinded_route</c> and <c>blinded_payinfo</c> (the total is <c>total_amount_msat</c>, at
/// the top or in the final hop's <c>tlvs</c>, else the final amount). Also prints what the
/// clear part must deliver to the introduction node.</item>
/// </list>
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
            "their BigSize length prefix (the 'generate' object of onion-test.json, or the whole file); " +
            "or, as a payer paying through a blinded path, from blinded-payment-onion-test.json.\n" +
            "Examples: lnrelay onion create tests/vectors/onion-test.json\n" +
            "          lnrelay onion create tests/vectors/blinded-payment-onion-test.json")
        {
            file,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!));
        return command;
    }

    private static int Run(string path)
    {
        var root = OnionJson.GenerateObject(CliArgs.ReadTextFileOrStdin(path, "FILE"));
        var sessionKey = CliArgs.Secret(OnionJson.Text(root, "session_key"), "session_key");
        var associatedData = CliArgs.Hex(OnionJson.Text(root, "associated_data"), "associated_data");
        var output = new JsonObject();
        OnionHop[] route;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("blinded_route", out var blinded))
        {
            route = ReadBlindedPayment(root, blinded, output);
        }
        else
        {
            var hops = OnionJson.Array(root, "hops", "{\"session_key\", \"associated_data\", \"hops\": [{\"pubkey\", \"payload\"}, ...]} with at least one hop");
            route = [.. hops.Select(ReadHop)];
        }

        if (!OnionBuilder.TryCreateWithSessionKey(sessionKey, route, associatedData, out var onion, out var refusal))
        {
            JsonOutput.WriteLine(new JsonObject { ["error"] = "route_too_long", ["detail"] = refusal });
            return ExitCodes.Refused;
        }

        var result = new JsonObject { ["onion"] = JsonOutput.Hex(onion.Packet) };
        foreach (var (name, value) in output.ToArray())
        {
            output.Remove(name);
            result[name] = value;
        }

        JsonOutput.WriteLine(result);
        return ExitCodes.Success;
    }

    /// <summary>The payer's route: the clear hops as given, then the blinded hops it computes; fills in what the intro must receive.</summary>
    private static OnionHop[] ReadBlindedPayment(JsonElement root, JsonElement blinded, JsonObject output)
    {
        var path = ReadBlindedPath(blinded);
        var payInfo = ReadPayInfo(root);
        var amount = OnionJson.Number(root, "final_amount_msat");
        var finalCltv = checked((uint)OnionJson.Number(root, "final_cltv"));
        var fullRoute = root.TryGetProperty("full_route", out var full) ? OnionJson.Array(full, "hops", "full_route.hops: [{\"pubkey\", \"payload\"}, ...]") : [];
        var introIndex = Array.FindIndex(fullRoute, h => h.TryGetProperty("pubkey", out var key) && key.GetString() == path.FirstNodeId.ToHex());
        var clear = introIndex < 0 ? fullRoute : fullRoute[..introIndex];
        var total = root.TryGetProperty("total_amount_msat", out _) ? OnionJson.Number(root, "total_amount_msat")
            : fullRoute.Length > 0 && fullRoute[^1].TryGetProperty("tlvs", out var tlvs) && tlvs.TryGetProperty("total_amount_msat", out _) ? OnionJson.Number(tlvs, "total_amount_msat", "full_route.hops[-1].tlvs")
            : amount;

        BlindedPaymentRoute payment;
        try
        {
            payment = BlindedPaymentRoute.Create(path, payInfo, amount, finalCltv, total);
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            throw new UsageException($"FILE: the amounts do not fit ({e.Message}); check final_amount_msat, total_amount_msat (not below the amount) and blinded_payinfo.");
        }

        output["introduction_node_id"] = path.FirstNodeId.ToHex();
        output["introduction_amount_msat"] = payment.IntroductionAmountMsat;
        output["introduction_cltv_expiry"] = payment.IntroductionCltvExpiry;
        output["blinded_hops"] = path.Hops.Count;
        return [.. clear.Select(ReadHop), .. payment.Hops];
    }

    private static BlindedPath ReadBlindedPath(JsonElement blinded)
    {
        const string Where = "blinded_route";
        var hops = OnionJson.Array(blinded, "hops", "blinded_route.hops: [{\"blinded_node_id\", \"encrypted_data\"}, ...]");
        return new BlindedPath(
            CliArgs.NodeId(OnionJson.Text(blinded, "first_node_id", Where), $"{Where}.first_node_id"),
            CliArgs.NodeId(OnionJson.Text(blinded, "first_path_key", Where), $"{Where}.first_path_key"),
            [.. hops.Select((h, i) =>
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{Where}.hops[{i}]");
                return new BlindedPathHop(
                    CliArgs.NodeId(OnionJson.Text(h, "blinded_node_id", name), $"{name}.blinded_node_id"),
                    CliArgs.Hex(OnionJson.Text(h, "encrypted_data", name), $"{name}.encrypted_data"));
            })]);
    }

    private static BlindedPayInfo ReadPayInfo(JsonElement root)
    {
        const string Where = "blinded_payinfo";
        if (!root.TryGetProperty(Where, out var info))
        {
            throw new UsageException("FILE: 'blinded_payinfo' {\"fee_base_msat\", \"fee_proportional_millionths\", \"cltv_expiry_delta\"} is missing: a payer needs the path's aggregate fees.");
        }

        try
        {
            return new BlindedPayInfo(
                checked((uint)OnionJson.Number(info, "fee_base_msat", Where)),
                checked((uint)OnionJson.Number(info, "fee_proportional_millionths", Where)),
                checked((uint)OnionJson.Number(info, "cltv_expiry_delta", Where)));
        }
        catch (OverflowException)
        {
            throw new UsageException($"{Where}: every field is a u32.");
        }
    }

    private static OnionHop ReadHop(JsonElement hop, int index)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"hops[{index}]");
        if (hop.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{name}: expected {{\"pubkey\", \"payload\"}}.");
        }

        var nodeId = CliArgs.NodeId(OnionJson.Text(hop, "pubkey", name), $"{name}.pubkey");
        var prefixed = CliArgs.Hex(OnionJson.Text(hop, "payload", name), $"{name}.payload");

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
}
