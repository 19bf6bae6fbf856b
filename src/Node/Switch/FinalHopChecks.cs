using System.Security.Cryptography;
using LnRelay.Node.Invoices;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Node.Switch;

/// <summary>
/// The payee's checks (BOLT 4 "payload format" requirements for the final node, and
/// "Failure Messages"), in this order:
/// <list type="number">
/// <item>amount_msat below amt_to_forward → final_incorrect_htlc_amount (the incoming amount)</item>
/// <item>cltv_expiry below outgoing_cltv_value → final_incorrect_cltv_expiry (the incoming expiry)</item>
/// <item>unknown or already-paid payment_hash (paid invoices leave the book), missing or wrong payment_secret, expired invoice,
/// total_msat other than amt_to_forward when multi-part payments are off, an amount paid (total_msat
/// for a part of a multi-part payment, else the HTLC's amount) less than the invoice amount or more
/// than twice it, or cltv_expiry below height + min_final_cltv_expiry_delta →
/// incorrect_or_unknown_payment_details (the amount received and our height). One code for all
/// of these on purpose: a prober must not learn which it was (BOLT 4 merged them); our own
/// log says which (<see cref="LocalFailureCause"/>).</item>
/// </list>
/// </summary>
internal static class FinalHopChecks
{
    public static HtlcFailure? Check(
        ulong incomingAmountMsat,
        uint incomingCltvExpiry,
        ReadOnlySpan<byte> paymentHash,
        FinalPayload payload,
        InvoiceBook invoices,
        uint height,
        out Invoice? invoice,
        bool acceptMultiPart = true)
    {
        var secret = payload.PaymentSecret;
        return Check(
            new FinalHtlc(incomingAmountMsat, incomingCltvExpiry, payload.AmountToForwardMsat, payload.OutgoingCltvValue, payload.EffectiveTotalMsat),
            paymentHash,
            found => secret is not null && CryptographicOperations.FixedTimeEquals(secret, found.PaymentSecret),
            invoices,
            height,
            out invoice,
            acceptMultiPart);
    }

    /// <summary>
    /// The same checks from the HTLC and the amounts its payload carried;
    /// <paramref name="authentic"/> says whether the payer proved it holds the invoice (the
    /// payment_secret, or a blinded path's path_id checked before).
    /// </summary>
    public static HtlcFailure? Check(
        FinalHtlc htlc,
        ReadOnlySpan<byte> paymentHash,
        Func<Invoice, bool> authentic,
        InvoiceBook invoices,
        uint height,
        out Invoice? invoice,
        bool acceptMultiPart = true)
    {
        invoice = null;
        var incomingAmountMsat = htlc.IncomingAmountMsat;
        var incomingCltvExpiry = htlc.IncomingCltvExpiry;
        if (incomingAmountMsat < htlc.AmountToForwardMsat)
        {
            return new(LocalFailureCause.FinalAmountMismatch, FailureMessage.FinalIncorrectHtlcAmount(incomingAmountMsat));
        }

        if (incomingCltvExpiry < htlc.OutgoingCltvValue)
        {
            return new(LocalFailureCause.FinalCltvMismatch, FailureMessage.FinalIncorrectCltvExpiry(incomingCltvExpiry));
        }

        var unknown = FailureMessage.IncorrectOrUnknownPaymentDetails(incomingAmountMsat, height);
        if (!invoices.TryGet(paymentHash, out var found) || invoices.IsExpired(found))
        {
            return new(LocalFailureCause.UnknownInvoice, unknown);
        }

        if (!authentic(found))
        {
            return new(LocalFailureCause.WrongPaymentSecret, unknown);
        }

        // The amount paid is total_msat for a part of a multi-part payment (BOLT 4 "Basic
        // Multi-Part Payments": the other checks use total_msat); a single part is checked by
        // what the HTLC carries, as before. Without basic_mpp, a total other than the part fails.
        var multiPart = htlc.TotalMsat != htlc.AmountToForwardMsat;
        var paid = multiPart ? htlc.TotalMsat : incomingAmountMsat;
        if (multiPart && !acceptMultiPart
            || paid < found.AmountMsat
            // More than twice the amount: written as a difference (the line above rules out an underflow) so that 2x cannot overflow, and so 2x + 1 counts.
            || paid - found.AmountMsat > found.AmountMsat)
        {
            return new(LocalFailureCause.WrongAmount, unknown);
        }

        if ((ulong)incomingCltvExpiry < (ulong)height + found.MinFinalCltvExpiryDelta)
        {
            return new(LocalFailureCause.FinalExpiryTooSoon, unknown);
        }

        invoice = found;
        return null;
    }
}

/// <summary>What the final hop checks: the HTLC's amount and expiry, and what its payload asked for (amt_to_forward, outgoing_cltv_value, the total).</summary>
internal readonly record struct FinalHtlc(ulong IncomingAmountMsat, uint IncomingCltvExpiry, ulong AmountToForwardMsat, uint OutgoingCltvValue, ulong TotalMsat);
