using LnRelay.Node.Store;

namespace LnRelay.Node.Switch;

// Entry point: the state a restarted node's store kept (docs/store.md, "Recovery").
internal sealed partial class HtlcSwitch
{
    /// <summary>
    /// Puts back the forwards and the origin's HTLCs in flight that the store kept (at start,
    /// before any peer connects; the channels were restored already). Returns each origin
    /// HTLC's payment hash, the amount it carries (the payment plus the route's fees; null if
    /// its channel no longer holds it) and the task its resolution completes, for the payer
    /// to finish the payment with. An origin HTLC in <paramref name="settled"/> was fulfilled
    /// before the payer recorded the payment's end: its task is already complete, with its secret.
    /// </summary>
    internal IReadOnlyList<(byte[] PaymentHash, ulong? SentMsat, Task<AttemptOutcome> Outcome, byte[]? PtlcTweak)> Restore(
        IEnumerable<CircuitOpened> circuits,
        IEnumerable<OriginHtlcAdded> origins,
        IReadOnlyDictionary<(ulong Scid, ulong Id), OriginHtlcSettled>? settled = null)
    {
        lock (_gate)
        {
            foreach (var c in circuits)
            {
                _circuits[new HtlcKey(c.OutScid, c.OutId)] = new ForwardCircuit(new HtlcKey(c.InScid, c.InId), c.SharedSecret, (BlindedRole)c.BlindedRole, c.OnionSha256, c.PtlcTweak);
            }

            var pending = new List<(byte[], ulong?, Task<AttemptOutcome>, byte[]?)>();
            foreach (var o in origins)
            {
                var attempt = new OriginAttempt();
                if (settled is not null && settled.TryGetValue((o.Scid, o.Id), out var done))
                {
                    attempt.Complete(AttemptOutcome.Fulfilled(done.Preimage));
                    pending.Add((o.PaymentHash, done.AmountMsat, attempt.Task, o.PtlcTweak));
                    continue;
                }

                _attempts[new HtlcKey(o.Scid, o.Id)] = attempt;
                var sent = _channels.TryGetValue(o.Scid, out var channel) && channel.Offered.TryGetValue(o.Id, out var htlc) ? htlc.AmountMsat : (ulong?)null;
                pending.Add((o.PaymentHash, sent, attempt.Task, o.PtlcTweak));
            }

            return pending;
        }
    }
}
