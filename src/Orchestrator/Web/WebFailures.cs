using System.Globalization;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// A failure as the page explains it: the BOLT 4 code for the name the payer logged, an lncli-style
/// label ("FEE_INSUFFICIENT @ 2nd hop"), how it travelled back (update_fail_htlc, or
/// update_fail_malformed_htlc turned into update_fail_htlc by the hop before, BOLT 4 "Returning
/// Errors"), and what the payer could tell from it.
/// </summary>
internal static class WebFailures
{
    /// <summary>The hop index the payer logs for a failure it made itself (no route, its own channel).</summary>
    public const int PayerHop = -1;

    /// <summary>FailingNode as the payer logs it for its own failures.</summary>
    public const string PayerNode = "(us)";

    public static WebFailure Describe(string name, int hop, string? node, IReadOnlyList<string> route)
    {
        node = node == PayerNode ? null : node;
        int? code = FailureCodeNames.TryParseSpecName(name, out var parsed) ? (ushort)parsed : null;
        var label = hop == PayerHop
            ? $"{name.ToUpperInvariant()} @ payer"
            : $"{name.ToUpperInvariant()} @ {Ordinal(hop + 1)} hop";
        var codeText = code is { } c ? string.Create(CultureInfo.InvariantCulture, $" (BOLT 4 code {c}, 0x{c:x4})") : "";
        var next = hop + 2 < route.Count ? route[hop + 2] : "the next hop";
        string message;
        if (hop == PayerHop)
        {
            message = $"{name}{codeText}: the payer refused it itself, before any HTLC left.";
        }
        else if (code is { } bad && ((FailureCode)bad).IsBadOnion())
        {
            message = $"{name}{codeText}: {next} could not peel the onion and answered update_fail_malformed_htlc; {node ?? "the hop before it"} turned that into update_fail_htlc with this code, as BOLT 4 asks.";
        }
        else
        {
            message = $"{name}{codeText}: {node ?? "a hop"} refused the HTLC and answered update_fail_htlc with a failure packet for the payer.";
        }

        var attribution = hop == PayerHop
            ? "Nothing travelled: the payer knows the reason because it decided."
            : $"The payer unwrapped the failure packet with each hop's shared secret in turn; the HMAC checked with hop {hop.ToString(CultureInfo.InvariantCulture)}'s ({node ?? "?"}), so it knows who failed and the code, and nothing the failing hop did not put in the packet.";
        return new WebFailure(code, name, hop, node, message, attribution, label);
    }

    public static string Ordinal(int n) => n.ToString(CultureInfo.InvariantCulture) + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    });
}
