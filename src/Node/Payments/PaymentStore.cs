using LnRelay.Node.Store;

namespace LnRelay.Node.Payments;

/// <summary>
/// Payments this node originated, by payment_hash (hex, either case), for the control API: every
/// payment in flight, and the most recent <see cref="CompletedKept"/> that ended (older
/// ones are forgotten, oldest first, so a long-running node does not grow with every
/// payment it ever made). Ended payments are kept as <see cref="EndedPayment"/> values in one
/// ring, not as records: a record lived for the next 10,000 payments, long enough to be copied
/// by a collection and die soon after (docs/performance.md, "GC survivors at half rate (session 8)").
/// Thread-safe.
/// </summary>
internal sealed class PaymentStore
{
    /// <summary>10,000 ended payments: about 2.6 MB, some 260 bytes each as values with their index entry (a record and its strings held about 630).</summary>
    public const int DefaultCompletedKept = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<PaymentHashKey, PaymentResult> _inFlight = [];
    private readonly RecentRing<EndedPayment> _ended;

    // Each hash's newest ended record still in the ring, by its sequence number there; none while the hash is in flight again.
    private readonly Dictionary<PaymentHashKey, long> _endedAt = [];

    // The route of the last payment kept as values, shared by the next ones that took the same route.
    private IReadOnlyList<string>? _lastRoute;

    public PaymentStore(int completedKept = DefaultCompletedKept)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(completedKept, 1);
        CompletedKept = completedKept;
        _ended = new RecentRing<EndedPayment>(completedKept);
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
                var key = PaymentHashKey.Of(payment.PaymentHash);
                lock (_gate)
                {
                    _inFlight[key] = payment;
                    _endedAt.Remove(key);
                }
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
        var key = PaymentHashKey.Of(inFlight.PaymentHash);
        lock (_gate)
        {
            if (_inFlight.ContainsKey(key)
                || (_endedAt.TryGetValue(key, out var ended) && _ended.TryGet(ended, out var payment) && payment.Status != PaymentStatus.Failed))
            {
                return false;
            }

            // A failed payment tried again: the new attempt stands for the hash from now on.
            _endedAt.Remove(key);
            _inFlight.Add(key, inFlight);
        }

        Journal.Stage(new PaymentSaved(inFlight));
        return true;
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

    public bool TryGet(string paymentHash, out PaymentResult result)
    {
        var key = PaymentHashKey.Of(paymentHash);
        lock (_gate)
        {
            if (_inFlight.TryGetValue(key, out result!))
            {
                return true;
            }

            if (_endedAt.TryGetValue(key, out var sequence) && _ended.TryGet(sequence, out var ended))
            {
                result = ended.ToResult();
                return true;
            }
        }

        result = null!;
        return false;
    }

    public IReadOnlyCollection<PaymentResult> All
    {
        get
        {
            lock (_gate)
            {
                var all = new List<PaymentResult>(_inFlight.Count + _endedAt.Count);
                all.AddRange(_inFlight.Values);
                foreach (var sequence in _endedAt.Values)
                {
                    if (_ended.TryGet(sequence, out var ended))
                    {
                        all.Add(ended.ToResult());
                    }
                }

                return all;
            }
        }
    }

    private void Remember(PaymentResult result)
    {
        lock (_gate)
        {
            var ended = EndedPayment.Of(result, _lastRoute);
            _lastRoute = ended.Route ?? _lastRoute;
            _inFlight.Remove(ended.Hash);
            var sequence = _ended.Add(ended, out var evicted);

            // Only if the hash's record is still that oldest one: a failed hash may have been tried again since.
            if (evicted is var (oldSequence, old) && _endedAt.TryGetValue(old.Hash, out var at) && at == oldSequence)
            {
                _endedAt.Remove(old.Hash);
            }

            _endedAt[ended.Hash] = sequence;
        }
    }
}
