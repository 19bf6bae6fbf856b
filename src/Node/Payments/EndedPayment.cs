using System.Buffers;
using System.Runtime.CompilerServices;
using LnRelay.Crypto;

namespace LnRelay.Node.Payments;

/// <summary>
/// One ended payment as <see cref="PaymentStore"/> keeps it. A payment that ended the usual way
/// (succeeded as one HTLC on its first route, without a blinded path) is kept as values: its hash and
/// preimage as bytes, its amounts and time, and its payee and route (names the node already holds);
/// <see cref="ToResult"/> builds the same <see cref="PaymentResult"/> again when the API asks. Any other
/// (a failure, retries, parts, a blinded path) is kept as its record. So the 10,000 payments the store
/// remembers are not some six objects each (record, hex strings, attempt list) that live for seconds:
/// long enough that every gen0 collection copied those made since the last one, then died in gen1
/// (docs/performance.md, "GC survivors at half rate (session 8)").
/// </summary>
internal readonly struct EndedPayment
{
    private const string HashLock = "hash";
    private const string PointLock = "point";

    private readonly PaymentResult? _record;
    private readonly PreimageBytes _preimage;
    private readonly string? _payee;
    private readonly IReadOnlyList<string>? _route;
    private readonly ulong _amountMsat;
    private readonly ulong _feeMsat;
    private readonly long _elapsedMs;
    private readonly bool _pointLock;

    private EndedPayment(PaymentHashKey hash, PaymentResult record)
    {
        Hash = hash;
        _record = record;
    }

    private EndedPayment(PaymentHashKey hash, PaymentResult succeeded, ReadOnlySpan<byte> preimage, IReadOnlyList<string> route)
    {
        Hash = hash;
        preimage.CopyTo(_preimage);
        _payee = succeeded.Payee;
        _route = route;
        _amountMsat = succeeded.AmountMsat;
        _feeMsat = succeeded.FeeMsat!.Value;
        _elapsedMs = succeeded.ElapsedMs;
        _pointLock = succeeded.Lock == PointLock;
    }

    public PaymentHashKey Hash { get; }

    public PaymentStatus Status => _record?.Status ?? PaymentStatus.Succeeded;

    /// <summary>The route of a payment kept as values; null for one kept as its record.</summary>
    public IReadOnlyList<string>? Route => _route;

    /// <param name="result">The ended payment.</param>
    /// <param name="sameRoute">
    /// A route kept already (the last payment's): kept instead of <paramref name="result"/>'s own list when
    /// the names are the same, so that payments along one route share one list, not one each.
    /// </param>
    public static EndedPayment Of(PaymentResult result, IReadOnlyList<string>? sameRoute = null)
    {
        var hash = PaymentHashKey.Of(result.PaymentHash, out var exact);
        Span<byte> preimage = stackalloc byte[KeySizes.Hash];
        if (!exact || !IsPlainSuccess(result) || !TryReadPreimage(result.Preimage!, preimage))
        {
            return new EndedPayment(hash, result);
        }

        var route = sameRoute is not null && sameRoute.SequenceEqual(result.Route!, StringComparer.Ordinal) ? sameRoute : result.Route!;
        return new EndedPayment(hash, result, preimage, route);
    }

    /// <summary>The payment as it was recorded (a new record with the same values, for one kept as values).</summary>
    public PaymentResult ToResult()
    {
        if (_record is not null)
        {
            return _record;
        }

        return new PaymentResult
        {
            PaymentHash = Hash.ToString(),
            Payee = _payee!,
            AmountMsat = _amountMsat,
            Status = PaymentStatus.Succeeded,
            Lock = _pointLock ? PointLock : HashLock,
            Preimage = Convert.ToHexStringLower((ReadOnlySpan<byte>)_preimage),
            Route = _route,
            FeeMsat = _feeMsat,
            Attempts = [new PaymentAttempt(_route!, _feeMsat, null)],
            ElapsedMs = _elapsedMs,
        };
    }

    /// <summary>What <see cref="ToResult"/> can build again exactly: a success on its only attempt, whose route and fee are the payment's.</summary>
    private static bool IsPlainSuccess(PaymentResult r) =>
        r is { Status: PaymentStatus.Succeeded, Lock: HashLock or PointLock, Preimage: not null, Route: not null, FeeMsat: not null, Attempts.Count: 1, Parts.Count: 0, Split: null, Failure: null, Blinded: null }
        && r.Attempts[0] is { Failure: null } only && ReferenceEquals(only.Route, r.Route) && only.FeeMsat == r.FeeMsat;

    /// <summary>A preimage (or a point lock's scalar) in lowercase hex of exactly 32 bytes, as the payer writes it.</summary>
    private static bool TryReadPreimage(string hex, Span<byte> preimage) =>
        hex.Length == 2 * preimage.Length && !hex.AsSpan().ContainsAnyInRange('A', 'F')
        && Convert.FromHexString(hex, preimage, out _, out var written) == OperationStatus.Done && written == preimage.Length;

    [InlineArray(KeySizes.Hash)]
    private struct PreimageBytes
    {
        private byte _first;
    }
}
