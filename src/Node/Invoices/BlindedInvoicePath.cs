using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Node.Routing;
using LnRelay.Sphinx.Blinding;

namespace LnRelay.Node.Invoices;

/// <summary>A path a payee published with an invoice: the introduction node's name (a public node), and the path with its pay info.</summary>
internal sealed record BlindedInvoicePath(string IntroductionNode, BlindedPaymentPath Payment);

/// <summary>Writes the blinded path of an invoice (BOLT 4 "Route Blinding", requirements for the recipient; docs/blinded-paths.md).</summary>
internal static class BlindedInvoicePaths
{
    /// <summary>
    /// How far ahead the path's <c>max_cltv_expiry</c> reaches beyond the payee's own expiry
    /// needs: a day of blocks, so the path outlives the invoice without letting an HTLC lock
    /// funds for longer than a payer's ordinary route would.
    /// </summary>
    public const uint ExpiryHorizonBlocks = 144;

    /// <summary>
    /// The path over <paramref name="edges"/> (each relay's outgoing channel and its published
    /// policy) to the payee, with <paramref name="dummyHops"/> dummy hops, a fresh random path
    /// secret, and the path_id bound to this node and <paramref name="paymentHash"/>.
    /// </summary>
    public static BlindedInvoicePath Create(PrivateKey nodeKey, IReadOnlyList<GraphEdge> edges, int dummyHops, ReadOnlySpan<byte> paymentHash, uint height, ushort minFinalCltvExpiryDelta)
    {
        var relays = edges.Select(e => new BlindedRelaySpec(e.From.NodeId, e.ShortChannelId, new PaymentRelay(e.Policy.CltvExpiryDelta, e.Policy.FeeProportionalMillionths, e.Policy.FeeBaseMsat))).ToList();
        var htlcMinimum = edges.Count == 0 ? 1 : edges.Max(e => e.Policy.HtlcMinimumMsat);
        var secret = RandomNumberGenerator.GetBytes(32);
        try
        {
            var path = BlindedPaymentPath.Create(
                secret,
                relays,
                nodeKey.PublicKey,
                BlindedPathId.For(nodeKey, paymentHash),
                checked(height + minFinalCltvExpiryDelta + ExpiryHorizonBlocks),
                htlcMinimum,
                minFinalCltvExpiryDelta,
                dummyHops);
            return new BlindedInvoicePath(edges.Count == 0 ? "" : edges[0].From.Name, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
