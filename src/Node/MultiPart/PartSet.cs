namespace LnRelay.Node.MultiPart;

/// <summary>
/// The HTLC set of one payment_hash at the payee (BOLT 4 "Basic Multi-Part Payments"): the
/// total every part announced, the parts held so far, and the deadline by which the set
/// must be complete (the first part's arrival plus the timeout; docs/mpp.md).
/// </summary>
internal sealed class PartSet(byte[] paymentHash, ulong totalMsat, DateTimeOffset deadline)
{
    private readonly List<HeldPart> _parts = [];

    public byte[] PaymentHash { get; } = paymentHash;

    public string PaymentHashHex { get; } = Convert.ToHexStringLower(paymentHash);

    /// <summary>The <c>total_msat</c> of the first part; every later part must announce the same.</summary>
    public ulong TotalMsat { get; } = totalMsat;

    public DateTimeOffset Deadline { get; } = deadline;

    public IReadOnlyList<HeldPart> Parts => _parts;

    /// <summary>Σ of the parts' <c>amt_to_forward</c>.</summary>
    public ulong SumMsat { get; private set; }

    internal void Add(HeldPart part)
    {
        _parts.Add(part);
        SumMsat = checked(SumMsat + part.AmountMsat);
    }
}
