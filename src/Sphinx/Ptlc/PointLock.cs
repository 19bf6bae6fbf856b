using System.Security.Cryptography;
using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Sphinx.Ptlc;

/// <summary>
/// A point lock (docs/ptlc.md): an HTLC locked to a point L instead of a payment hash opens
/// with the scalar s for which s·G = L. This check stands in for the adaptor signature that
/// would complete on chain in a real PTLC; lnrelay has no commitment transactions.
/// </summary>
public static class PointLock
{
    /// <summary>A compressed point: the lock on the wire and in logs.</summary>
    public const int Size = KeySizes.CompressedPublicKey;

    /// <summary>A scalar: the payee's z, a tweak y_i, a settlement scalar s_i.</summary>
    public const int ScalarSize = KeySizes.SecretKey;

    /// <summary>True when <paramref name="scalar"/> is a valid scalar and scalar·G is <paramref name="lockPoint"/>.</summary>
    public static bool Opens(ReadOnlySpan<byte> scalar, in PublicKey lockPoint) =>
        lockPoint.IsValid && Secp256k1.TryDerivePublicKey(scalar, out var point) && point == lockPoint;

    /// <summary>True when <paramref name="scalar"/> opens the lock whose compressed point is <paramref name="lockBytes"/>.</summary>
    public static bool Opens(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> lockBytes) =>
        PublicKey.TryParse(lockBytes, out var point) && Opens(scalar, point);

    /// <summary>The payee's secret z and its point Z = z·G, which an invoice publishes instead of a payment hash.</summary>
    public static PublicKey CreatePayeeSecret(IScalarSource source, Span<byte> z)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.NextScalar(z);
        return Secp256k1.TryDerivePublicKey(z[..ScalarSize], out var point)
            ? point
            : throw new CryptographicException("A scalar source returned an invalid scalar.");
    }
}
