using System.Collections.Concurrent;
using LnRelay.Node.Store;

namespace LnRelay.Node.Payments;

/// <summary>
/// Payments this node originated, by payment_hash (hex), for the control API: every
/// payment in flight, and the most recent <see cref="CompletedKept"/> that ended (older
/// ones are forgotten, oldest first, so a long-running node does not grow with every
/// payment it ever made).
/// </summary>
internal sealed class PaymentStore
{
    /// <summary>10,000 ended payments: about 6 MB at the ~630 bytes a record holds.</summary>
    public const int DefaultCompletedKept = 10_000;

    private readonly ConcurrentDictionary<string, PaymentResult> _byHash = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<PaymentResult> _completed = new();
    private readonly Lock _completedGate = new();

    public PaymentStore(int completedKept = DefaultCompletedKept)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(completedKept, 1);
        CompletedKept = completedKept;
    }

    /// <summary>How many ended payments are kept before the oldest are forgotten.</summary>
    public int CompletedKept { get; }

    /// <summary>Where each payment is recorded as it begins and ends (the node's store keeps every one; nothing in memory-only mode).</summary>
    internal IDecisionJournal Journal { get; init; } = InMemoryJournal.Instance;

    /// <summary>Puts back the payments the store kept, oldest change first (at start, before any payment).</summary>
    internal void Restore(IEnumerable<PaymentResult> payments)
    {
        foreach (var payment in payments)
        {
            if (payment.Status == PaymentStatus.InFlight)
            {
                _byHash[payment.PaymentHash] = payment;
            }
            else
            {
                Remember(payment);
            }
        }
    }

    /// <summary>Records a payment as in flight; false if one with this hash is already in flight or succeeded.</summary>
    public bool TryBegin(PaymentResult inFlight)
    {
        while (true)
        {
            if (_byHash.TryAdd(inFlight.PaymentHash, inFlight))
            {
                Journal.Stage(new PaymentSaved(inFlight));
                return true;
            }

            if (!_byHash.TryGetValue(inFlight.PaymentHash, out var existing) || existing.Status != PaymentStatus.Failed)
            {
                return false;
            }

            if (_byHash.TryUpdate(inFlight.PaymentHash, inFlight, existing))
            {
                Journal.Stage(new PaymentSaved(inFlight));
                return true;
            }
        }
    }

    /// <summary>
    /// Records how a payment ended, forgetting the oldest ended payment beyond <see cref="CompletedKept"/>.
    /// With the record go the payment's settled origin HTLCs, which the switch kept until now
    /// (docs/store.md, "Recovery"): the two are staged together, so a restart finds one or the other.
    /// </summary>
    public void Complete(PaymentResult result)
    {
        if (Journal.Keeps && result.Status != PaymentStatus.InFlight)
        {
            Journal.Stage(new PaymentSaved(result), new OriginPaymentEnded(Convert.FromHexString(result.PaymentHash)));
        }
        else
        {
            Journal.Stage(new PaymentSaved(result));
        }

        Remember(result);
    }

    private void Remember(PaymentResult result)
    {
        _byHash[result.PaymentHash] = result;
        lock (_completedGate)
        {
            _completed.Enqueue(result);
            while (_completed.Count > CompletedKept)
            {
                var oldest = _completed.Dequeue();

                // Only if the record is still that ended one: a failed hash may have been tried again since.
                _byHash.TryRemove(new KeyValuePair<string, PaymentResult>(oldest.PaymentHash, oldest));
            }
        }
    }

    public bool TryGet(string paymentHash, out PaymentResult result) => _byHash.TryGetValue(paymentHash, out result!);

    public IReadOnlyCollection<PaymentResult> All => [.. _byHash.Values];
}
