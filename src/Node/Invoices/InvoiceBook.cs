using System.Collections.Concurrent;
using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Node.Payments;
using LnRelay.Node.Store;

namespace LnRelay.Node.Invoices;

/// <summary>
/// The payee's open invoices, keyed by payment_hash. Thread-safe: the control API creates
/// invoices while the HTLC switch checks and settles them.
/// <para>
/// Only open invoices are kept, so the book is bounded by what is open rather than by
/// everything ever paid: an invoice is forgotten when it is paid (<see cref="TryClaim"/>)
/// and when it has expired (swept as new invoices are created). The payee answers a
/// paid, an expired and an unknown payment_hash with the same
/// incorrect_or_unknown_payment_details (BOLT 4 "Failure Messages"), so forgetting
/// changes no answer; and a second HTLC for a paid hash is refused rather than settled,
/// as before.
/// </para>
/// </summary>
internal sealed class InvoiceBook
{
    /// <summary>How often, at most, creating an invoice also sweeps out the expired ones.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>How many paid invoices are remembered (hash, amount, when) for GET /v1/invoices; older ones are forgotten first.</summary>
    public const int PaidKept = 10_000;

    // The paid invoices as values in one ring (no record or hex string per invoice, which lived for the next
    // 10,000 payments: docs/performance.md, "GC survivors at half rate (session 8)"); under _paidGate.
    private readonly RecentRing<PaidEntry> _paid = new(PaidKept);
    private readonly Lock _paidGate = new();

    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Action<Span<byte>> _random;
    private readonly Lock _sweepGate = new();
    private DateTimeOffset _nextSweep;

    /// <param name="time">The clock for creation and expiry.</param>
    /// <param name="random">Fills preimages and payment secrets; the CSPRNG unless a test injects its own.</param>
    public InvoiceBook(TimeProvider time, Action<Span<byte>>? random = null)
    {
        _time = time;
        _random = random ?? SystemRandom.Fill;
        _nextSweep = time.GetUtcNow() + SweepInterval;
    }

    /// <summary>Where each new, paid or expired invoice is recorded (the node's store; nothing in memory-only mode).</summary>
    internal IDecisionJournal Journal { get; init; } = InMemoryJournal.Instance;

    /// <summary>Open invoices held (expired ones linger until the next sweep).</summary>
    public int Count => _byHash.Count;

    /// <param name="amountMsat">What the invoice asks for.</param>
    /// <param name="expiry">How long it stays open.</param>
    /// <param name="minFinalCltvExpiryDelta">BOLT 11 min_final_cltv_expiry_delta.</param>
    /// <param name="description">Free text.</param>
    /// <param name="pointLock">
    /// A point-locked invoice (lnrelay-experimental, docs/ptlc.md): the secret is a scalar z and
    /// the invoice publishes Z = z·G instead of SHA256(preimage).
    /// </param>
    public Invoice Create(ulong amountMsat, TimeSpan expiry, ushort minFinalCltvExpiryDelta, string description, bool pointLock = false)
    {
        ArgumentOutOfRangeException.ThrowIfZero(amountMsat);
        var preimage = new byte[32];
        var secret = new byte[32];
        byte[] key;
        if (pointLock)
        {
            // Redrawn while not a scalar (probability about 2^-128 each time).
            PublicKey payee;
            do
            {
                _random(preimage);
            }
            while (!Crypto.Secp256k1.TryDerivePublicKey(preimage, out payee));
            key = payee.ToBytes();
        }
        else
        {
            _random(preimage);
            key = Hashes.Sha256(preimage);
        }

        _random(secret);
        var now = _time.GetUtcNow();
        SweepIfDue(now);
        var invoice = new Invoice(key, secret, amountMsat, minFinalCltvExpiryDelta, now, now + expiry, description);
        if (!_byHash.TryAdd(invoice.PaymentHashHex, new Entry(invoice, preimage)))
        {
            // Two equal SHA256 outputs from fresh 32-byte randomness: the random source is broken.
            throw new CryptographicException("A fresh preimage hashed to an existing payment_hash.");
        }

        Journal.Stage(new InvoiceAdded(invoice, preimage));
        return invoice;
    }

    /// <summary>Puts back an open invoice the store kept (at start, before any HTLC arrives).</summary>
    internal void Restore(Invoice invoice, byte[] preimage) => _byHash.TryAdd(invoice.PaymentHashHex, new Entry(invoice, preimage));

    /// <summary>Puts back the paid invoices the store kept, oldest first (at start), so GET /v1/invoices still lists them after a restart.</summary>
    internal void RestorePaid(IEnumerable<PaidInvoice> paid)
    {
        lock (_paidGate)
        {
            foreach (var invoice in paid)
            {
                _paid.Add(PaidEntry.Of(invoice), out _);
            }
        }
    }

    /// <summary>The open invoice with this payment_hash, if any (paid ones are gone).</summary>
    public bool TryGet(ReadOnlySpan<byte> paymentHash, out Invoice invoice)
    {
        if (_byHash.TryGetValue(Convert.ToHexStringLower(paymentHash), out var entry))
        {
            invoice = entry.Invoice;
            return true;
        }

        invoice = null!;
        return false;
    }

    /// <summary>The open invoices (expired ones linger until the next sweep), for the control API.</summary>
    public IReadOnlyList<Invoice> Open => [.. _byHash.Values.Select(e => e.Invoice)];

    /// <summary>The most recent <see cref="PaidKept"/> invoices claimed by a settled HTLC, oldest first.</summary>
    public IReadOnlyList<PaidInvoice> Paid
    {
        get
        {
            lock (_paidGate)
            {
                return [.. _paid.OldestFirst().Select(p => p.ToInvoice())];
            }
        }
    }

    public bool IsExpired(Invoice invoice) => _time.GetUtcNow() >= invoice.ExpiresAt;

    /// <summary>
    /// Takes the invoice out of the book as paid and hands over its preimage, for settling
    /// an HTLC that passed every final-node check; false if it was already claimed.
    /// </summary>
    public bool TryClaim(Invoice invoice, out byte[] preimage)
    {
        if (_byHash.TryRemove(invoice.PaymentHashHex, out var entry))
        {
            var paidAt = _time.GetUtcNow();
            Journal.Stage(new InvoicePaid(invoice.PaymentHash, paidAt));
            preimage = entry.Preimage;
            lock (_paidGate)
            {
                _paid.Add(new PaidEntry(PaymentHashKey.Of(invoice.PaymentHash), null, invoice.AmountMsat, paidAt), out _);
            }

            return true;
        }

        preimage = null!;
        return false;
    }

    /// <summary>Forgets every invoice whose expiry has passed; returns how many.</summary>
    private int SweepExpired()
    {
        var now = _time.GetUtcNow();
        var swept = 0;
        foreach (var (hash, entry) in _byHash)
        {
            if (now >= entry.Invoice.ExpiresAt && _byHash.TryRemove(new KeyValuePair<string, Entry>(hash, entry)))
            {
                swept++;
            }
        }

        if (swept > 0)
        {
            Journal.Stage(new InvoicesExpired(now));
        }

        return swept;
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        lock (_sweepGate)
        {
            if (now < _nextSweep)
            {
                return;
            }

            _nextSweep = now + SweepInterval;
        }

        SweepExpired();
    }

    /// <summary>A paid invoice as the book keeps it: the hash as bytes, or its text when that is not lowercase hex (as a restored one may be).</summary>
    private readonly record struct PaidEntry(PaymentHashKey Hash, string? Text, ulong AmountMsat, DateTimeOffset PaidAt)
    {
        public static PaidEntry Of(PaidInvoice paid)
        {
            var hash = PaymentHashKey.Of(paid.PaymentHash, out var exact);
            return new PaidEntry(hash, exact ? null : paid.PaymentHash, paid.AmountMsat, paid.PaidAt);
        }

        public PaidInvoice ToInvoice() => new(Text ?? Hash.ToString(), AmountMsat, PaidAt);
    }

    private sealed class Entry(Invoice invoice, byte[] preimage)
    {
        public Invoice Invoice { get; } = invoice;

        public byte[] Preimage { get; } = preimage;
    }
}
