using System.Security.Cryptography;
using LnRelay.Node.Hosting;
using LnRelay.Node.Invoices;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Bench;

/// <summary>How one benchmark payment ended, as the payer saw it.</summary>
/// <param name="Succeeded">The payer holds the preimage.</param>
/// <param name="Hops">Hops of the route that carried it (0 when it failed before one was found).</param>
/// <param name="Failure">The payer's failure name when it failed.</param>
internal readonly record struct BenchPaymentOutcome(bool Succeeded, int Hops, string? Failure);

/// <summary>How the benchmark asks for one payment: an invoice from the payee, then the payer pays it.</summary>
internal interface IBenchPayments
{
    /// <summary>What the driver goes through, for the report.</summary>
    string Describe { get; }

    /// <summary>One payment; with <paramref name="unknownHash"/>, to a hash the payee never issued, which must fail (incorrect_or_unknown_payment_details from the payee).</summary>
    Task<BenchPaymentOutcome> PayAsync(string from, string to, ulong amountMsat, bool unknownHash, CancellationToken ct);
}

/// <summary>Shared parts of the drivers.</summary>
internal static class BenchPayments
{
    public static readonly TimeSpan InvoiceExpiry = TimeSpan.FromHours(24);

    /// <summary>Hops: the route's, or for a payment in parts its first part's.</summary>
    public static BenchPaymentOutcome Outcome(PaymentResult result) =>
        result.Status == PaymentStatus.Succeeded
            ? new BenchPaymentOutcome(true, (result.Route ?? result.Parts![0].Route).Count - 1, null)
            : new BenchPaymentOutcome(false, 0, result.Failure?.Name ?? result.Status.ToString());

    /// <summary>
    /// How a payment of <paramref name="parts"/> parts splits (docs/mpp.md): the payer's largest
    /// part is the amount / K rounded up, so K parts, the last the remainder, whatever the
    /// routes could carry; null for single-part payments (the payer's defaults).
    /// </summary>
    public static SplitPolicy? Split(int parts, ulong amountMsat) =>
        parts <= 1 ? null : new SplitPolicy { MaxParts = parts, MaxPartMsat = (amountMsat + (ulong)parts - 1) / (ulong)parts };

    private const int HashSize = 32;

    /// <summary>
    /// A payment meant to fail: to a hash (or point) the payee never issued, with no invoice
    /// behind it (an invoice made for it would stay open, and held, until it expired).
    /// </summary>
    public static PaymentRequest UnknownRequest(string payee, ulong amountMsat, string lockKind) =>
        new(payee, amountMsat, lockKind == "point" ? Crypto.PrivateKey.Generate().PublicKey.ToBytes() : RandomNumberGenerator.GetBytes(HashSize), RandomNumberGenerator.GetBytes(HashSize), Invoice.DefaultMinFinalCltvExpiryDelta);

    /// <summary>An invoice the payee issues now (as POST /v1/invoices does), as the payer's request.</summary>
    public static PaymentRequest InvoiceRequest(NodeRuntime payee, ulong amountMsat, string lockKind)
    {
        var invoice = payee.CreateInvoice(amountMsat, InvoiceExpiry, Invoice.DefaultMinFinalCltvExpiryDelta, "bench", pointLock: lockKind == "point");
        return new PaymentRequest(payee.Name, invoice.AmountMsat, invoice.PaymentHash, invoice.PaymentSecret, invoice.MinFinalCltvExpiryDelta);
    }

    /// <summary>
    /// The payer pays <paramref name="request"/> (in <paramref name="parts"/> parts when above 1)
    /// as POST /v1/payments does (ControlApi.PayAsync): the payment runs without the caller's
    /// token and the caller stops waiting after the timeout, so a slow payment goes on to its
    /// own end (and its PaymentStore record with it) instead of being cancelled part-way.
    /// </summary>
    public static async Task<BenchPaymentOutcome> PayAsync(NodeRuntime payer, PaymentRequest request, int parts, CancellationToken ct)
    {
        if (Split(parts, request.AmountMsat) is { } split)
        {
            request = request with { Split = split };
        }

        var payment = payer.PayAsync(request, CancellationToken.None);
        try
        {
            return Outcome(await payment.WaitAsync(PaymentSender.PayTimeout, payer.Time, ct));
        }
        catch (TimeoutException)
        {
            return new BenchPaymentOutcome(false, 0, "timeout");
        }
    }
}

/// <summary>
/// Payments driven in this process: the payee's <see cref="InvoiceBook"/> and the payer's
/// <see cref="Payer"/> called directly, as the control API's handlers call them, without
/// HTTP. Every byte between the nodes still goes through their TCP connections; only the
/// request to start a payment skips the loopback HTTP round trips.
/// </summary>
internal sealed class DirectBenchPayments(IReadOnlyDictionary<string, NodeRuntime> nodes, string lockKind = "hash", int parts = 1) : IBenchPayments
{
    public string Describe => $"in process: InvoiceBook.Create on the payee, Payer.PayAsync on the payer (no HTTP); {lockKind} locks{(parts > 1 ? $"; {parts} parts each" : "")}";

    public Task<BenchPaymentOutcome> PayAsync(string from, string to, ulong amountMsat, bool unknownHash, CancellationToken ct) =>
        BenchPayments.PayAsync(nodes[from], unknownHash ? BenchPayments.UnknownRequest(to, amountMsat, lockKind) : BenchPayments.InvoiceRequest(nodes[to], amountMsat, lockKind), parts, ct);
}

/// <summary>
/// Payments through the control APIs, exactly as <c>lnrelay pay</c> sends them
/// (<see cref="PaymentSender"/>): POST /v1/invoices on the payee, POST /v1/payments on the
/// payer, over loopback HTTP.
/// </summary>
internal sealed class ApiBenchPayments(RunningNetwork network, string lockKind = "hash", int parts = 1) : IBenchPayments
{
    public string Describe => $"through the control APIs: POST /v1/invoices on the payee, POST /v1/payments on the payer (loopback HTTP); {lockKind} locks{(parts > 1 ? $"; {parts} parts each" : "")}";

    public async Task<BenchPaymentOutcome> PayAsync(string from, string to, ulong amountMsat, bool unknownHash, CancellationToken ct)
    {
        var split = BenchPayments.Split(parts, amountMsat) is { } s ? new PaymentSplit(s.MaxParts, MaxPartMsat: s.MaxPartMsat) : null;
        var record = await PaymentSender.PayAsync(network.Client, from, to, amountMsat, unknownHash ? InvoiceTampering.UnknownHash : InvoiceTampering.None, ct, split: split, lockKind: lockKind);
        return BenchPayments.Outcome(record.Result);
    }
}
