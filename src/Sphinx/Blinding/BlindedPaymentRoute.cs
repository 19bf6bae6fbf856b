using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// The payer's side of a blinded path (BOLT 4 "Route Blinding", requirements for the
/// sender): the onion hops of the blinded part, and what the clear part must deliver to the
/// introduction node. The introduction node's layer is encrypted to its real id and carries
/// <c>current_path_key</c>; the others to their blinded ids; every hop carries its blob; only
/// the final hop carries amounts (2, 4, 18). The clear route to the introduction node is
/// built as usual (BOLT 7 fees) for <see cref="IntroductionAmountMsat"/> at
/// <see cref="IntroductionCltvExpiry"/>.
/// </summary>
public sealed record BlindedPaymentRoute(IReadOnlyList<OnionHop> Hops, ulong IntroductionAmountMsat, uint IntroductionCltvExpiry)
{
    /// <summary>
    /// The blinded hops for paying <paramref name="amountMsat"/> (of <paramref name="totalAmountMsat"/>,
    /// for a multi-part payment) with final expiry <paramref name="finalCltv"/> (the current height
    /// plus any random offset) through <paramref name="path"/> with its <paramref name="payInfo"/>;
    /// <paramref name="ptlcScalars"/> a point-locked payment's scalars, one per blinded hop: each
    /// relay's y_i, then the final hop's Σy (docs/ptlc.md "Through blinded paths"); null for a hash lock.
    /// </summary>
    public static BlindedPaymentRoute Create(BlindedPath path, BlindedPayInfo payInfo, ulong amountMsat, uint finalCltv, ulong totalAmountMsat, IReadOnlyList<byte[]>? ptlcScalars = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalAmountMsat, amountMsat);
        if (ptlcScalars is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(ptlcScalars.Count, path.Hops.Count, nameof(ptlcScalars));
        }

        var count = path.Hops.Count;
        var hops = new OnionHop[count];
        for (var i = 0; i < count; i++)
        {
            var hop = path.Hops[i];
            var pathKey = i == 0 ? path.FirstPathKey : (Crypto.PublicKey?)null;
            var payload = i == count - 1
                ? new BlindedHopPayload(hop.EncryptedData, amountMsat, finalCltv, totalAmountMsat, pathKey, ptlcScalars?[i])
                : new BlindedHopPayload(hop.EncryptedData, pathKey, ptlcScalars?[i]);
            hops[i] = new OnionHop(i == 0 ? path.FirstNodeId : hop.BlindedNodeId, payload.Encode());
        }

        return new BlindedPaymentRoute(hops, payInfo.AmountAtIntroduction(amountMsat), checked(finalCltv + payInfo.CltvExpiryDelta));
    }
}
