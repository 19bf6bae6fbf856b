using System.Security.Cryptography;
using LnRelay.Crypto;

namespace LnRelay.Sphinx.Ptlc;

/// <summary>
/// The payer's half of a point-locked payment (docs/ptlc.md, "The scheme"): for a route of
/// n onion hops (relays 1 … n−1, recipient n) it draws y_0 … y_{n−1}, derives the lock of
/// every hop's incoming HTLC, L_1 = Z + y_0·G and L_{i+1} = L_i + y_i·G, and the sum
/// Σy = y_0 + … + y_{n−1} the recipient gets; y_0 stays here so hop 1 never sees Z. After
/// settlement it recovers z = s_1 − y_0 and checks z·G = Z: the proof of payment.
/// Onion hop k (0-based, as <see cref="Onion.OnionBuilder"/> counts) is node k+1: its tweak is
/// y_{k+1}, the lock it is offered is L_{k+1}. The scalars are wiped by <see cref="Dispose"/>.
/// </summary>
public sealed class PtlcRoutePlan : IDisposable
{
    /// <summary>Draws beyond which a plan is refused; each redraw has probability about 2^-128.</summary>
    private const int MaxDraws = 4;

    private readonly byte[][] _tweaks;
    private readonly byte[] _tweakSum;
    private readonly PublicKey[] _locks;

    private PtlcRoutePlan(PublicKey payeePoint, byte[][] tweaks, byte[] tweakSum, PublicKey[] locks)
    {
        PayeePoint = payeePoint;
        _tweaks = tweaks;
        _tweakSum = tweakSum;
        _locks = locks;
    }

    /// <summary>Z, from the invoice.</summary>
    public PublicKey PayeePoint { get; }

    /// <summary>n: the onion's hops (relays and the recipient).</summary>
    public int HopCount => _locks.Length;

    /// <summary>y_0: the payer's own tweak, never in the onion.</summary>
    public ReadOnlySpan<byte> PayerTweak => _tweaks[0];

    /// <summary>Σy: the recipient's <c>ptlc_tweak_sum</c>.</summary>
    public ReadOnlySpan<byte> TweakSum => _tweakSum;

    /// <summary>The payer's first HTLC's lock, L_1.</summary>
    public PublicKey FirstLock => _locks[0];

    /// <summary>
    /// Plans a route of <paramref name="hopCount"/> onion hops to the payee point Z. Redraws
    /// when a lock would be infinity or a sum 0; throws only if the source keeps failing (a bug).
    /// </summary>
    public static PtlcRoutePlan Create(in PublicKey payeePoint, int hopCount, IScalarSource source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hopCount, 1);
        ArgumentNullException.ThrowIfNull(source);
        if (!payeePoint.IsValid)
        {
            throw new ArgumentException("The payee point is not a point.", nameof(payeePoint));
        }

        for (var draw = 0; draw < MaxDraws; draw++)
        {
            if (TryDraw(payeePoint, hopCount, source, out var plan))
            {
                return plan;
            }
        }

        throw new CryptographicException("Could not draw valid point-lock tweaks: the scalar source is broken.");
    }

    /// <summary>y_{k+1}: onion hop k's <c>ptlc_tweak</c> (k from 0 to n−2: the relays).</summary>
    public byte[] RelayTweak(int onionHop)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(onionHop, HopCount - 1);
        return _tweaks[onionHop + 1].ToArray();
    }

    /// <summary>L_{k+1}: the lock of the HTLC onion hop k is offered.</summary>
    public PublicKey IncomingLock(int onionHop) => _locks[onionHop];

    /// <summary>
    /// The onion's per-hop associated data: the compressed lock each hop is offered (docs/ptlc.md,
    /// "Binding the onion to the lock"), so a hop that offers any lock other than the one it
    /// was told to derive makes the next hop's HMAC check fail.
    /// </summary>
    public IReadOnlyList<byte[]> AssociatedData() => _locks.Select(l => l.ToBytes()).ToArray();

    /// <summary>
    /// z = s_1 − y_0 from the scalar that settled the payer's HTLC, and the check z·G = Z.
    /// False (z left unwritten) when s_1 does not give the payee's secret.
    /// </summary>
    public bool TryRecoverPayeeSecret(ReadOnlySpan<byte> firstScalar, Span<byte> payeeSecret)
    {
        Span<byte> z = stackalloc byte[PointLock.ScalarSize];
        try
        {
            if (!CurveArithmetic.TrySubtractScalars(firstScalar, _tweaks[0], z) || !PointLock.Opens(z, PayeePoint))
            {
                return false;
            }

            z.CopyTo(payeeSecret);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    public void Dispose()
    {
        foreach (var tweak in _tweaks)
        {
            CryptographicOperations.ZeroMemory(tweak);
        }

        CryptographicOperations.ZeroMemory(_tweakSum);
    }

    private static bool TryDraw(in PublicKey payeePoint, int hopCount, IScalarSource source, out PtlcRoutePlan plan)
    {
        plan = null!;
        var tweaks = new byte[hopCount][];
        var locks = new PublicKey[hopCount];
        var sum = new byte[PointLock.ScalarSize];
        var previous = payeePoint;
        for (var i = 0; i < hopCount; i++)
        {
            tweaks[i] = new byte[PointLock.ScalarSize];
            source.NextScalar(tweaks[i]);
            // L_{i+1} = L_i + y_i·G (L_0 = Z); Σ accumulates y_0 … y_i.
            var sumOk = i == 0 ? TryCopy(tweaks[0], sum) : CurveArithmetic.TryAddScalars(sum, tweaks[i], sum);
            if (!CurveArithmetic.TryAddTweak(previous, tweaks[i], out locks[i]) || !sumOk)
            {
                Wipe(tweaks, sum);
                return false;
            }

            previous = locks[i];
        }

        plan = new PtlcRoutePlan(payeePoint, tweaks, sum, locks);
        return true;
    }

    private static bool TryCopy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return true;
    }

    private static void Wipe(byte[]?[] tweaks, byte[] sum)
    {
        foreach (var tweak in tweaks)
        {
            if (tweak is not null)
            {
                CryptographicOperations.ZeroMemory(tweak);
            }
        }

        CryptographicOperations.ZeroMemory(sum);
    }
}
