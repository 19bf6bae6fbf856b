namespace LnRelay.Node.Invoices;

/// <summary>An invoice an HTLC paid: its payment_hash (hex), amount and when the payee claimed it (GET /v1/invoices).</summary>
public sealed record PaidInvoice(string PaymentHash, ulong AmountMsat, DateTimeOffset PaidAt);
