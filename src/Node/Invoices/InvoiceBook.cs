using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LnRelay.Node.Invoices;

/// <summary>
/// The payee's invoices, keyed by payment_hash. Thread-safe: the control API creates
/// invoices while the HTLC switch checks and settles them.
/// </summary>
public sealed class InvoiceBook
{
    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Action<Span<byte>> _random;

    /// <param name="time">The clock for creation and expiry.</param>
    /// <param name="random">Fills preimages and payment secrets; the CSPRNG unless a test injects its own.</param>
    public InvoiceBook(TimeProvider time, Action<Span<byte>>? random = null)
    {
        _time = time;
        _random = random ?? RandomNumberGenerator.Fill;
    }

    public int Count => _byHash.Count;

    public Invoice Create(ulong amountMsat, TimeSpan expiry, ushort minFinalCltvExpiryDelta, string description)
    {
        ArgumentOutOfRangeException.ThrowIfZero(amountMsat);
        var preimage = new byte[32];
        var secret = new byte[32];
        _random(preimage);
        _random(secret);
        var now = _time.GetUtcNow();
        var invoice = new Invoice(SHA256.HashData(preimage), secret, amountMsat, minFinalCltvExpiryDelta, now, now + expiry, description);
        if (!_byHash.TryAdd(invoice.PaymentHashHex, new Entry(invoice, preimage)))
        {
            // Two equal SHA256 outputs from fresh 32-byte randomness: the random source is broken.
            throw new CryptographicException("A fresh preimage hashed to an existing payment_hash.");
        }

        return invoice;
    }

    public bool TryGet(ReadOnlySpan<byte> paymentHash, out Invoice invoice, out InvoiceState state)
    {
        if (_byHash.TryGetValue(Convert.ToHexStringLower(paymentHash), out var entry))
        {
            invoice = entry.Invoice;
            state = entry.Paid ? InvoiceState.Paid : InvoiceState.Open;
            return true;
        }

        invoice = null!;
        state = default;
        return false;
    }

    /// <summary>The preimage, for settling an HTLC that passed every final-node check.</summary>
    internal byte[] PreimageOf(Invoice invoice) => _byHash[invoice.PaymentHashHex].Preimage;

    public bool IsExpired(Invoice invoice) => _time.GetUtcNow() >= invoice.ExpiresAt;

    /// <summary>Marks the invoice paid; false if it already was.</summary>
    public bool MarkPaid(Invoice invoice)
    {
        var entry = _byHash[invoice.PaymentHashHex];
        lock (entry)
        {
            if (entry.Paid)
            {
                return false;
            }

            entry.Paid = true;
            return true;
        }
    }

    private sealed class Entry(Invoice invoice, byte[] preimage)
    {
        public Invoice Invoice { get; } = invoice;

        public byte[] Preimage { get; } = preimage;

        public bool Paid { get; set; }
    }
}
