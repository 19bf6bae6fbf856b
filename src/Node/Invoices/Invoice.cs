namespace LnRelay.Node.Invoices;

/// <summary>
/// What a payee hands out (the fields of a BOLT 11 invoice that matter here):
/// payment_hash = SHA256(preimage), the payment_secret the final payload must carry,
/// the amount, an expiry, and min_final_cltv_expiry_delta.
/// The preimage stays in the payee's memory; it is never logged before settlement.
/// </summary>
public sealed record Invoice(
    byte[] PaymentHash,
    byte[] PaymentSecret,
    ulong AmountMsat,
    ushort MinFinalCltvExpiryDelta,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string Description)
{
    /// <summary>BOLT 11 "Tagged Fields": the default min_final_cltv_expiry_delta when an invoice names none.</summary>
    public const ushort DefaultMinFinalCltvExpiryDelta = 18;

    // Made once with the invoice (it keys the invoice book, and a payee reads it twice per payment);
    // an invoice's payment_hash never changes after it is made.
    public string PaymentHashHex { get; } = Convert.ToHexStringLower(PaymentHash);

    /// <summary>
    /// A point-locked invoice (lnrelay-experimental, docs/ptlc.md): <see cref="PaymentHash"/> holds
    /// the 33-byte payee point Z = z·G instead of a hash, and the book keeps z where a preimage would be.
    /// </summary>
    public bool IsPointLocked => PaymentHash.Length == Sphinx.Ptlc.PointLock.Size;

    /// <summary>"hash" or "point".</summary>
    public string Lock => IsPointLocked ? "point" : "hash";
}
