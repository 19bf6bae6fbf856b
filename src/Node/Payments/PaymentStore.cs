using System.Collections.Concurrent;

namespace LnRelay.Node.Payments;

/// <summary>Payments this node originated, by payment_hash (hex), for the control API.</summary>
public sealed class PaymentStore
{
    private readonly ConcurrentDictionary<string, PaymentResult> _byHash = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records a payment as in flight; false if one with this hash is already in flight or succeeded.</summary>
    public bool TryBegin(PaymentResult inFlight)
    {
        while (true)
        {
            if (_byHash.TryAdd(inFlight.PaymentHash, inFlight))
            {
                return true;
            }

            if (!_byHash.TryGetValue(inFlight.PaymentHash, out var existing) || existing.Status != PaymentStatus.Failed)
            {
                return false;
            }

            if (_byHash.TryUpdate(inFlight.PaymentHash, inFlight, existing))
            {
                return true;
            }
        }
    }

    public void Complete(PaymentResult result) => _byHash[result.PaymentHash] = result;

    public bool TryGet(string paymentHash, out PaymentResult result) => _byHash.TryGetValue(paymentHash, out result!);

    public IReadOnlyCollection<PaymentResult> All => [.. _byHash.Values];
}
