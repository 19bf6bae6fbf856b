using LnRelay.Node.Logging;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// The truth the audit scores against: which payment every lock belongs to, from the payers'
/// own records, their origin HopView events (one per attempt: the payment_hash, and for point
/// locks every hop's lock, <see cref="LinkabilityNames.Locks"/>). It never feeds a linker: the
/// colluders do not have the payers' logs.
/// </summary>
internal sealed class PaymentTruth
{
    private readonly Dictionary<string, string> _paymentOfLock = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Payments the payers recorded.</summary>
    public int Payments { get; private set; }

    public static PaymentTruth FromOrigins(IEnumerable<LogEvent> events)
    {
        var truth = new PaymentTruth();
        var payments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in events.Where(e => e.Is(KnowledgeNames.HopView) && e.Text(LogFields.Role) == KnowledgeNames.OriginRole))
        {
            var locks = ObservationReader.Identifiers(origin).Concat(ObservationReader.Locks(origin)).ToList();
            if (locks.Count == 0)
            {
                continue;
            }

            // A payment is named by its payment_hash, or its first lock when there is none.
            var payment = origin.PaymentHash ?? locks[0];
            payments.Add(payment);
            foreach (var l in locks)
            {
                truth._paymentOfLock[l] = payment;
            }
        }

        truth.Payments = payments.Count;
        return truth;
    }

    /// <summary>Builds a truth from explicit lock → payment pairs (for the linker's unit tests).</summary>
    public static PaymentTruth FromPairs(IEnumerable<(string Lock, string Payment)> pairs)
    {
        var truth = new PaymentTruth();
        foreach (var (l, p) in pairs)
        {
            truth._paymentOfLock[l] = p;
        }

        truth.Payments = truth._paymentOfLock.Values.Distinct(StringComparer.Ordinal).Count();
        return truth;
    }

    /// <summary>The payment an observation belongs to: the payment of any lock it saw; null when no payer's record names one.</summary>
    public string? PaymentOf(LinkObservation observation)
    {
        foreach (var id in observation.Identifiers)
        {
            if (_paymentOfLock.TryGetValue(id, out var payment))
            {
                return payment;
            }
        }

        return null;
    }
}
