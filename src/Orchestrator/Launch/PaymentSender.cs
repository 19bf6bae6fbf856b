using System.Diagnostics;
using System.Security.Cryptography;
using LnRelay.Node.Api;
using LnRelay.Node.Payments;

namespace LnRelay.Orchestrator.Launch;

/// <summary>What the orchestrator saw of one payment: the request, the payer's result, and the time the whole exchange took.</summary>
internal sealed record PaymentRecord(string From, string To, ulong AmountMsat, PaymentResult Result, long TimeMs);

/// <summary>How a payment deliberately deviates from its invoice (for the demo's failures).</summary>
internal enum InvoiceTampering
{
    None,

    /// <summary>Pay the invoice's hash with a payment_secret of zeros: the payee refuses (incorrect_or_unknown_payment_details).</summary>
    WrongSecret,

    /// <summary>Pay a random hash the payee never issued: the payee refuses (incorrect_or_unknown_payment_details).</summary>
    UnknownHash,
}

/// <summary>
/// One payment through the control APIs (ARCHITECTURE.md, "The path of one payment"):
/// POST /v1/invoices on the payee, then POST /v1/payments on the payer with that invoice.
/// </summary>
internal static class PaymentSender
{
    /// <summary>How long the payer may take over one payment (the API's timeout_seconds); nothing healthy comes close.</summary>
    public static readonly TimeSpan PayTimeout = TimeSpan.FromSeconds(60);

    public static async Task<PaymentRecord> PayAsync(Func<string, NodeClient> clients, string from, string to, ulong amountMsat, InvoiceTampering tampering, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var invoice = await clients(to).PostAsync<InvoiceView>("/v1/invoices", new { amount_msat = amountMsat, description = $"lnrelay {from} to {to}" }, ct);
        var hash = tampering == InvoiceTampering.UnknownHash ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : invoice.PaymentHash;
        var secret = tampering == InvoiceTampering.WrongSecret ? new string('0', 64) : invoice.PaymentSecret;
        var result = await clients(from).PostAsync<PaymentResult>(
            "/v1/payments",
            new
            {
                payee = to,
                amount_msat = amountMsat,
                payment_hash = hash,
                payment_secret = secret,
                min_final_cltv_expiry_delta = invoice.MinFinalCltvExpiryDelta,
                timeout_seconds = (int)PayTimeout.TotalSeconds,
            },
            ct);
        return new PaymentRecord(from, to, amountMsat, result, clock.ElapsedMilliseconds);
    }
}
