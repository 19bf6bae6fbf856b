using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace LnRelay.Node.Payments;

/// <summary>
/// A payment's lock held by value: a 32-byte payment_hash, or a point-locked payment's 33-byte payee
/// point (docs/ptlc.md). The payment store and the invoice book key the payments they remember with it
/// instead of a hex string, so that what they keep of thousands of ended payments is no object per
/// payment for the collector to copy (docs/performance.md, "GC survivors at half rate (session 8)").
/// Hex text of either case gives the same key, as the stores' case-insensitive string keys did; text
/// that is not hex of at most <see cref="MaxBytes"/> bytes is kept as it came, compared ignoring case.
/// </summary>
internal readonly struct PaymentHashKey : IEquatable<PaymentHashKey>
{
    /// <summary>The longest lock held as bytes: a point lock's compressed point.</summary>
    public const int MaxBytes = Sphinx.Ptlc.PointLock.Size;

    private readonly LockBytes _bytes;
    private readonly int _length;
    private readonly string? _text;

    private PaymentHashKey(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_bytes);
        _length = bytes.Length;
    }

    private PaymentHashKey(string text) => _text = text;

    /// <summary>The key of a payment_hash (or payee point) as the API and the store write it: lowercase hex.</summary>
    public static PaymentHashKey Of(string text) => Of(text, out _);

    /// <summary>
    /// The key of <paramref name="text"/>; <paramref name="exact"/> is true when <see cref="ToString"/>
    /// gives the text back as it came (lowercase hex, or text kept as it came), false for hex with
    /// capitals, which <see cref="ToString"/> writes in lowercase.
    /// </summary>
    public static PaymentHashKey Of(string text, out bool exact)
    {
        Span<byte> bytes = stackalloc byte[MaxBytes];
        if (text.Length % 2 == 0 && text.Length <= 2 * MaxBytes
            && Convert.FromHexString(text, bytes, out _, out var written) == OperationStatus.Done)
        {
            exact = !text.AsSpan().ContainsAnyInRange('A', 'F');
            return new PaymentHashKey(bytes[..written]);
        }

        exact = true;
        return new PaymentHashKey(text);
    }

    /// <summary>The key of a lock's bytes (an invoice's payment_hash or payee point).</summary>
    public static PaymentHashKey Of(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= MaxBytes ? new PaymentHashKey(bytes) : new PaymentHashKey(Convert.ToHexStringLower(bytes));

    public bool Equals(PaymentHashKey other) =>
        _text is null
            ? other._text is null && Bytes.SequenceEqual(other.Bytes)
            : other._text is not null && StringComparer.OrdinalIgnoreCase.Equals(_text, other._text);

    public override bool Equals(object? obj) => obj is PaymentHashKey other && Equals(other);

    public override int GetHashCode()
    {
        if (_text is not null)
        {
            return StringComparer.OrdinalIgnoreCase.GetHashCode(_text);
        }

        var hash = default(HashCode);
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <summary>Lowercase hex (or the text kept as it came).</summary>
    public override string ToString() => _text ?? Convert.ToHexStringLower(Bytes);

    [UnscopedRef]
    private ReadOnlySpan<byte> Bytes => ((ReadOnlySpan<byte>)_bytes)[.._length];

    [InlineArray(MaxBytes)]
    private struct LockBytes
    {
        private byte _first;
    }
}
