using System.Diagnostics;
using System.Security.Cryptography;
using LnRelay.Node.Api;
using LnRelay.Node.Payments;

namespace LnRelay.Orchestrator.Client;

/// <summary>
/// What the orchestrator saw of one payment: the request, the payer's result, and the time the
/// whole exchange took. <paramref name="Unknown"/> is set when the outcome is not known (a node
/// went away before answering, or the payment was never sent): why; <paramref name="Result"/> is
/// then a placeholder in flight.
/// </summary>
internal sealed record PaymentRecord(string From, string To, ulong AmountMsat, PaymentResult Result, long TimeMs, string? Unknown = null)
{
    /// <summary>How <see cref="Unknown"/> starts for a payment that was never sent (no invoice was made, nothing left the payer).</summary>
    public const string NotSentPrefix = "not sent: ";

    /// <summary>Never sent: known not to have moved any money.</summary>
    public bool NotSent => Unknown?.StartsWith(NotSentPrefix, StringComparison.Ordinal) == true;

    /// <summary>A payment whose outcome this run does not know, with why (and its hash when the invoice was made).</summary>
    public static PaymentRecord OfUnknown(string from, string to, ulong amountMsat, string? paymentHash, string reason, long timeMs) =>
        new(from, to, amountMsat, new PaymentResult { PaymentHash = paymentHash ?? "", Payee = to, AmountMsat = amountMsat, Status = PaymentStatus.InFlight }, timeMs, reason);
}

/// <summary>
/// A node did not answer a payment's call: it cannot be reached, the connection broke, or the
/// client's timeout passed. An <see cref="HttpRequestException"/>, so callers that treat an
/// unreachable network as one failure still do; <see cref="PaymentHash"/> is set when the
/// invoice was made (the payer may have started the payment).
/// </summary>
internal sealed class NodeGoneException(string node, string? paymentHash, string detail, Exception inner)
    : HttpRequestException($"{node} did not answer ({detail}).", inner)
{
    public string Node { get; } = node;

    public string? PaymentHash { get; } = paymentHash;
}

/// <summary>
/// The splitting options of one payment (docs/mpp.md), passed to the payer's POST /v1/payments
/// as max_parts, min_part_msat, max_fee_msat and max_part_msat; null fields keep the payer's defaults.
/// </summary>
internal sealed record PaymentSplit(int? MaxParts = null, ulong? MinPartMsat = null, ulong? MaxFeeMsat = null, ulong? MaxPartMsat = null)
{
    public static PaymentSplit Defaults { get; } = new();
}

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
/// A blinded invoice to ask the payee for (POST /v1/invoices' <c>"blinded"</c>, docs/blinded-paths.md):
/// relays before the payee (the introduction node included), dummy hops, an explicit introduction node.
/// </summary>
internal sealed record BlindedAsk(int? Hops, int? DummyHops = null, string? IntroductionNode = null);

/// <summary>
/// One payment through the control APIs (docs/architecture.md, "The path of a payment through the code"):
/// POST /v1/invoices on the payee, then POST /v1/payments on the payer with that invoice.
/// </summary>
internal static class PaymentSender
{
    /// <summary>How long the payer may take over one payment (the API's timeout_seconds); nothing healthy comes close.</summary>
    public static readonly TimeSpan PayTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The lock kinds an invoice and a payment take: "hash" (HTLC) or "point" (lnrelay-experimental PTLC, docs/ptlc.md).</summary>
    public static readonly string[] LockKinds = ["hash", "point"];

    public static async Task<PaymentRecord> PayAsync(Func<string, NodeClient> clients, string from, string to, ulong amountMsat, InvoiceTampering tampering, CancellationToken ct, BlindedAsk? blinded = null, PaymentSplit? split = null, string lockKind = "hash")
    {
        split ??= PaymentSplit.Defaults;
        var clock = Stopwatch.StartNew();
        var description = $"lnrelay {from} to {to}";
        var invoice = await ReachAsync(to, null, () => clients(to).PostAsync<InvoiceView>(
            "/v1/invoices",
            blinded is null
                ? new CreateInvoiceRequest(amountMsat, description, null, null, Lock: lockKind)
                : new CreateInvoiceRequest(amountMsat, description, null, null, new BlindedInvoiceRequest(blinded.Hops, blinded.DummyHops, blinded.IntroductionNode), lockKind),
            ct), ct);
        var hash = tampering != InvoiceTampering.UnknownHash ? invoice.PaymentHash
            : lockKind == "point" ? Crypto.PrivateKey.Generate().PublicKey.ToHex()
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var secret = tampering == InvoiceTampering.WrongSecret ? new string('0', 64) : invoice.PaymentSecret;
        var timeout = (int)PayTimeout.TotalSeconds;
        // A blinded invoice names no payee: the payer gets its blinded_path only.
        var body = (invoice.BlindedPath is { } path
            ? new PayRequest(null, amountMsat, hash, null, invoice.MinFinalCltvExpiryDelta, timeout, path, lockKind)
            : new PayRequest(to, amountMsat, hash, secret, invoice.MinFinalCltvExpiryDelta, timeout, Lock: lockKind))
            with
        {
            MaxParts = split.MaxParts,
            MinPartMsat = split.MinPartMsat,
            MaxFeeMsat = split.MaxFeeMsat,
            MaxPartMsat = split.MaxPartMsat,
        };
        var result = await ReachAsync(from, hash, () => clients(from).PostAsync<PaymentResult>("/v1/payments", body, ct), ct);
        return new PaymentRecord(from, to, amountMsat, result, clock.ElapsedMilliseconds);
    }

    private static async Task<T> ReachAsync<T>(string node, string? paymentHash, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e)
        {
            throw new NodeGoneException(node, paymentHash, e.Message, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new NodeGoneException(node, paymentHash, "no answer within the client's timeout", e);
        }
    }
}
