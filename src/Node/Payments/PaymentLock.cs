using System.Diagnostics.CodeAnalysis;
using LnRelay.Crypto;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Ptlc;

namespace LnRelay.Node.Payments;

/// <summary>
/// The payer's side of a payment's lock, for one attempt: a payment_hash, the same for every
/// hop, or a point lock (docs/ptlc.md) with fresh tweaks for this attempt's route, so no two
/// attempts (or parts) share a lock. It writes the hop payloads, builds the onion with each
/// hop's lock as its associated data, and checks the proof of payment: SHA256(preimage) =
/// payment_hash, or z = s_1 − y_0 with z·G = Z.
/// </summary>
internal sealed class PaymentLock : IDisposable
{
    private readonly PaymentRequest _request;
    private readonly PtlcRoutePlan? _plan;

    private PaymentLock(PaymentRequest request, PtlcRoutePlan? plan)
    {
        _request = request;
        _plan = plan;
    }

    /// <summary>A point-locked payment: the request's key is the 33-byte payee point Z.</summary>
    public static bool IsPoint(PaymentRequest request) => request.PaymentHash.Length == PointLock.Size;

    /// <summary>
    /// The lock for one attempt over <paramref name="route"/>, then <paramref name="blindedHops"/> hops of a
    /// blinded path (the route's last hop is then its introduction node, the path's first); a point lock
    /// draws its tweaks now, one per onion hop.
    /// </summary>
    public static PaymentLock For(PaymentRequest request, Route route, IScalarSource scalars, int blindedHops = 0) =>
        new(request, IsPoint(request) ? PtlcRoutePlan.Create(PublicKey.Parse(request.PaymentHash), route.Hops.Count + Math.Max(0, blindedHops - 1), scalars) : null);

    /// <summary>
    /// A point lock's scalars for the <paramref name="blindedHops"/> hops of a blinded path after
    /// <paramref name="clearHops"/> clear ones: each blinded relay's y_i, then the recipient's Σy, to go
    /// in their payloads beside encrypted_recipient_data (docs/ptlc.md "Through blinded paths"); null for a hash lock.
    /// </summary>
    public IReadOnlyList<byte[]>? BlindedScalars(int clearHops, int blindedHops) =>
        _plan is null ? null : [.. Enumerable.Range(0, blindedHops).Select(j => j < blindedHops - 1 ? _plan.RelayTweak(clearHops + j) : _plan.TweakSum.ToArray())];

    /// <summary>What the switch needs to send a point-locked first HTLC; null for a hash lock.</summary>
    public OriginPointLock? Origin =>
        _plan is null ? null : new OriginPointLock(_plan.FirstLock.ToBytes(), _plan.PayerTweak.ToArray(), _plan.AssociatedData());

    /// <summary>Hop <paramref name="index"/>'s payload (BOLT 4), with its <c>ptlc_tweak</c> or the recipient's <c>ptlc_tweak_sum</c> for a point lock.</summary>
    public byte[] Payload(RouteHop hop, int index) =>
        hop.OutgoingChannel is { } next
            ? new RelayPayload(hop.AmountToForwardMsat, hop.OutgoingCltvValue, next, ptlcTweak: _plan?.RelayTweak(index)).Encode()
            : new FinalPayload(hop.AmountToForwardMsat, hop.OutgoingCltvValue, _request.PaymentSecret, _request.AmountMsat, ptlcTweakSum: _plan?.TweakSum.ToArray()).Encode();

    /// <summary>The onion: associated data = payment_hash at every hop, or each hop's own lock point.</summary>
    public bool TryBuildOnion(ISessionKeySource sessionKeys, IReadOnlyList<OnionHop> hops, [NotNullWhen(true)] out BuiltOnion? onion, [NotNullWhen(false)] out string? refusal) =>
        _plan is null
            ? OnionBuilder.TryCreate(sessionKeys, hops, _request.PaymentHash, out onion, out refusal)
            : OnionBuilder.TryCreatePerHop(sessionKeys, hops, _plan.AssociatedData(), out onion, out refusal);

    /// <summary>
    /// The proof of payment from the secret that settled the first HTLC: the preimage itself, or
    /// the payee's z. False when it does not prove the payment (a hop broke the protocol).
    /// </summary>
    public bool TryProof(byte[] settledWith, [NotNullWhen(true)] out byte[]? proof) =>
        TryProof(_request.PaymentHash, _plan?.PayerTweak.ToArray(), settledWith, out proof);

    /// <summary>
    /// <see cref="TryProof(byte[], out byte[])"/> from what the store keeps of an origin HTLC:
    /// the payment's key and, for a point lock, the payer's y_0 (a restarted payer's attempt).
    /// </summary>
    public static bool TryProof(byte[] paymentKey, byte[]? payerTweak, byte[] settledWith, [NotNullWhen(true)] out byte[]? proof)
    {
        proof = null;
        if (paymentKey.Length != PointLock.Size)
        {
            if (!Hashes.Sha256(settledWith).AsSpan().SequenceEqual(paymentKey))
            {
                return false;
            }

            proof = settledWith;
            return true;
        }

        var z = new byte[PointLock.ScalarSize];
        if (payerTweak is null || !PublicKey.TryParse(paymentKey, out var payee)
            || !CurveArithmetic.TrySubtractScalars(settledWith, payerTweak, z) || !PointLock.Opens(z, payee))
        {
            return false;
        }

        proof = z;
        return true;
    }

    public void Dispose() => _plan?.Dispose();
}
