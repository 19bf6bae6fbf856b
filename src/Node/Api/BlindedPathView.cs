using LnRelay.Crypto;
using LnRelay.Node.Invoices;
using LnRelay.Sphinx.Blinding;

namespace LnRelay.Node.Api;

/// <summary>What a POST /v1/invoices body asks for under <c>"blinded"</c>: relays before the payee (the introduction node included), dummy hops after it, or an explicit introduction node.</summary>
public sealed record BlindedInvoiceRequest(int? Hops, int? DummyHops, string? IntroductionNode);

/// <summary>One hop of a published path: its blinded node id and blob, hex.</summary>
public sealed record BlindedHopView(string BlindedNodeId, string EncryptedData);

/// <summary>The path's aggregate policy (BOLT 12 <c>blinded_payinfo</c>), used by the payer like one channel's.</summary>
public sealed record BlindedPayInfoView(uint FeeBaseMsat, uint FeeProportionalMillionths, uint CltvExpiryDelta);

/// <summary>
/// A blinded path as the control API shows it (docs/control-api.md, docs/blinded-paths.md): the
/// introduction node (name and real id), the first path key E_0, every hop's blinded id and blob
/// (dummy hops included, indistinguishable), and the pay info. Nothing in it names the payee.
/// </summary>
public sealed record BlindedPathView(string IntroductionNode, string FirstNodeId, string FirstPathKey, IReadOnlyList<BlindedHopView> Hops, BlindedPayInfoView PayInfo)
{
    internal static BlindedPathView Of(BlindedInvoicePath path)
    {
        var p = path.Payment.Path;
        var info = path.Payment.PayInfo;
        return new BlindedPathView(
            path.IntroductionNode,
            p.FirstNodeId.ToHex(),
            p.FirstPathKey.ToHex(),
            [.. p.Hops.Select(h => new BlindedHopView(h.BlindedNodeId.ToHex(), Convert.ToHexStringLower(h.EncryptedData)))],
            new BlindedPayInfoView(info.FeeBaseMsat, info.FeeProportionalMillionths, info.CltvExpiryDelta));
    }

    /// <summary>The path and pay info for the payer; null with what is wrong, naming the field.</summary>
    public (BlindedPath Path, BlindedPayInfo PayInfo)? TryParse(out string? error)
    {
        error = null;
        if (!TryKey(FirstNodeId, out var first) || !TryKey(FirstPathKey, out var pathKey))
        {
            error = "blinded_path.first_node_id and first_path_key: 66 hex characters each (compressed points), as the payee's invoice gave them.";
            return null;
        }

        if (Hops is not { Count: > 0 } || PayInfo is null)
        {
            error = "blinded_path.hops and pay_info: required, as the payee's invoice gave them.";
            return null;
        }

        var hops = new List<BlindedPathHop>();
        foreach (var hop in Hops)
        {
            if (!TryKey(hop.BlindedNodeId, out var blinded) || !TryHex(hop.EncryptedData, out var data) || data.Length < Crypto.KeySizes.AeadTag)
            {
                error = $"blinded_path.hops[{hops.Count}]: blinded_node_id is a 66-hex-character point and encrypted_data hex of at least {Crypto.KeySizes.AeadTag} bytes.";
                return null;
            }

            hops.Add(new BlindedPathHop(blinded, data));
        }

        return (new BlindedPath(first, pathKey, hops), new BlindedPayInfo(PayInfo.FeeBaseMsat, PayInfo.FeeProportionalMillionths, PayInfo.CltvExpiryDelta));
    }

    private static bool TryKey(string? hex, out PublicKey key)
    {
        key = default;
        return TryHex(hex, out var bytes) && PublicKey.TryParse(bytes, out key);
    }

    private static bool TryHex(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (hex is null || hex.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
