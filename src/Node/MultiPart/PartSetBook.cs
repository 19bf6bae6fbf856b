using LnRelay.Node.Store;

namespace LnRelay.Node.MultiPart;

/// <summary>
/// The payee's multi-part payments in progress (BOLT 4 "Basic Multi-Part Payments", receiver
/// requirements; docs/mpp.md): parts with the same payment_hash are held until the sum of
/// their <c>amt_to_forward</c> reaches the <c>total_msat</c> they announce, then settled
/// together; a set still short at its deadline (the first part's arrival plus
/// <see cref="Timeout"/>) fails every part with mpp_timeout.
/// <para>
/// Sans-IO: it decides, the HTLC switch acts (settles, fails) under its own lock, which is
/// also what serialises calls here (not thread-safe on its own). Time comes from the
/// injected <see cref="TimeProvider"/>. Every held part and every closed set is staged in the
/// node's store (<see cref="Journal"/>), so a restarted payee holds the same sets with the
/// same deadlines.
/// </para>
/// <para>
/// The checks that concern one part alone (payment_secret, the invoice, total_msat within
/// the invoice amount and twice it, the expiry) run before, in <c>FinalHopChecks</c>; this book
/// applies the rules between parts: the same total_msat, no settlement before the sum is
/// reached, all or nothing, and no part beyond what the set needs.
/// </para>
/// </summary>
internal sealed class PartSetBook(TimeProvider time, TimeSpan timeout)
{
    /// <summary>BOLT 4: "SHOULD wait for at least 60 seconds after the initial HTLC" before failing with mpp_timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, PartSet> _sets = new(StringComparer.Ordinal);
    private TimeSpan _timeout = Positive(timeout);

    /// <summary>How long after its first part a set may stay incomplete; a change applies to sets opened after it (the control API's PUT /v1/mpp).</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = Positive(value);
    }

    /// <summary>Where held parts and closed sets are recorded (the node's store; nothing in memory-only mode).</summary>
    internal IDecisionJournal Journal { get; init; } = InMemoryJournal.Instance;

    /// <summary>Called when a set opens (its first part held), under the switch's lock: wakes <see cref="PartSetTimer"/>, which otherwise sleeps while no set is open. Must not block.</summary>
    internal Action? Opened { get; set; }

    /// <summary>Now, on the book's clock (a part's arrival time).</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Sets waiting for more parts.</summary>
    public int Count => _sets.Count;

    /// <summary>The sets waiting for more parts.</summary>
    public IReadOnlyCollection<PartSet> Sets => _sets.Values;

    /// <summary>The earliest deadline of a set waiting for parts, if any.</summary>
    public DateTimeOffset? NextDeadline => _sets.Count == 0 ? null : _sets.Values.Min(s => s.Deadline);

    public bool TryGet(ReadOnlySpan<byte> paymentHash, out PartSet set)
    {
        // Every payment's final hop asks; nearly always no set is open, and then no hex key is made.
        if (_sets.Count == 0)
        {
            set = null!;
            return false;
        }

        return _sets.TryGetValue(Convert.ToHexStringLower(paymentHash), out set!);
    }

    /// <summary>
    /// Adds a part that passed the final hop's own checks to the set of its payment_hash and
    /// says what to do: hold it, settle the whole set, refuse this part, or fail the whole set.
    /// </summary>
    public PartSetDecision Offer(byte[] paymentHash, ulong totalMsat, HeldPart part)
    {
        var hex = Convert.ToHexStringLower(paymentHash);
        var isNew = !_sets.TryGetValue(hex, out var set);
        if (set is not null && set.TotalMsat != totalMsat)
        {
            // BOLT 4: "if it fails to receive ... or total_msat is not the same for all
            // parts: SHOULD fail the entire HTLC set" (eclair does; lnd fails only the new part).
            Close(set);
            return new(PartSetVerdict.FailSet, [.. set.Parts, part]);
        }

        set ??= new PartSet(paymentHash, totalMsat, WholeMilliseconds(time.GetUtcNow() + Timeout));
        var sum = checked(set.SumMsat + part.AmountMsat);
        if (sum >= totalMsat)
        {
            // Overpaying is allowed, but never by as much as the smallest part (BOLT 4
            // "Rationale"): a part beyond that was not needed; the set keeps waiting without it.
            if (set.Parts.Count > 0 && sum - totalMsat >= Math.Min(part.AmountMsat, set.Parts.Min(p => p.AmountMsat)))
            {
                return new(PartSetVerdict.RefusePart, [part]);
            }

            if (!isNew)
            {
                Close(set);
            }

            return new(PartSetVerdict.Complete, [.. set.Parts, part]);
        }

        set.Add(part);
        if (isNew)
        {
            _sets.Add(hex, set);
            Opened?.Invoke();
        }

        Journal.Stage(new PartHeld(paymentHash, totalMsat, set.Deadline, part));
        return new(PartSetVerdict.Held, [part]);
    }

    /// <summary>Takes out every set whose deadline has come (BOLT 4: fail all parts after the timeout); the caller fails their parts with mpp_timeout.</summary>
    public IReadOnlyList<PartSet> Expire()
    {
        if (_sets.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var due = _sets.Values.Where(s => s.Deadline <= now).ToList();
        foreach (var set in due)
        {
            Close(set);
        }

        return due;
    }

    /// <summary>Puts back a set the store kept (at start, before any HTLC arrives), with its deadline unchanged.</summary>
    internal void Restore(PartSet set) => _sets[set.PaymentHashHex] = set;

    /// <summary>Rounded up to the millisecond, the store's precision: a restarted payee's deadline is the same instant, never earlier.</summary>
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset at)
    {
        var ticks = ((at.UtcTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond) * TimeSpan.TicksPerMillisecond;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static TimeSpan Positive(TimeSpan timeout) =>
        timeout > TimeSpan.Zero ? timeout : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The multi-part timeout must be positive.");

    private void Close(PartSet set)
    {
        _sets.Remove(set.PaymentHashHex);
        Journal.Stage(new PartSetClosed(set.PaymentHash));
    }
}
