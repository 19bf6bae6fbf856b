using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// The <c>onion peel</c> output for a hop inside a blinded path: the ordinary fields plus
/// <c>"blinded"</c> (role, decrypted recipient data as fields and hex, next path key, and the
/// final hop's amounts); a refusal is <c>invalid_onion_blinding</c> with the precise reason,
/// which a real node keeps to itself (BOLT 4 "Route Blinding").
/// </summary>
internal static class OnionPeelBlindedJson
{
    public static JsonObject ToJson(BlindedPeelResult result)
    {
        if (result.Outcome == BlindedPeelOutcome.Refused)
        {
            return new JsonObject
            {
                ["error"] = FailureCode.InvalidOnionBlinding.SpecName(),
                ["failure_code"] = (int)FailureCode.InvalidOnionBlinding,
                ["reason"] = result.Failure.ToString(),
                ["onion_refusal"] = result.Failure == BlindingFailureReason.OnionRefused ? result.Onion.Refusal.ToString() : null,
                ["introduction"] = result.IsIntroduction,
            };
        }

        var final = result.Outcome == BlindedPeelOutcome.Final;
        var hop = result.Hop!;
        var blinded = new JsonObject
        {
            ["role"] = final ? "final" : result.IsIntroduction ? "introduction" : "relay",
            ["recipient_data"] = RecipientDataJson.Write(hop.Data),
            ["recipient_data_hex"] = JsonOutput.Hex(hop.Plaintext),
            ["next_path_key"] = hop.NextPathKey?.ToHex(),
        };
        if (final)
        {
            blinded["amt_to_forward"] = result.Payload!.AmountToForwardMsat;
            blinded["outgoing_cltv_value"] = result.Payload.OutgoingCltvValue;
            blinded["total_amount_msat"] = result.Payload.TotalAmountMsat;
        }

        return new JsonObject
        {
            ["payload"] = JsonOutput.Hex(result.Onion.Payload.Span),
            ["shared_secret"] = JsonOutput.Hex(result.Onion.SharedSecret.Span),
            ["final"] = final,
            ["next_onion"] = final ? null : JsonOutput.Hex(result.Onion.NextPacket.Span),
            ["blinded"] = blinded,
        };
    }
}
