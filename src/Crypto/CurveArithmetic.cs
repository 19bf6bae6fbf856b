using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// Scalar and point arithmetic on secp256k1 for point locks (docs/ptlc.md): scalars are
/// 32-byte big-endian integers mod the group order n, points are <see cref="PublicKey"/>s.
/// Every method is libsecp256k1 (<c>secp256k1_ec_seckey_tweak_add</c>, <c>_seckey_negate</c>,
/// <c>_pubkey_tweak_add</c>, <c>_pubkey_combine</c>) and returns false, never throws, for
/// input the library refuses: a scalar that is 0 where a non-zero one is needed or not below
/// n, or a result that is 0 or the point at infinity. Zero is refused as an addend too
/// (libsecp256k1 0.7 accepts a zero tweak, 0.2 refused it): a point lock never adds 0.
/// Intermediate copies of secrets live on the stack and are wiped.
/// </summary>
public static unsafe class CurveArithmetic
{
    /// <summary>sum = a + b mod n. False if either is not a valid non-zero scalar or the sum is 0.</summary>
    public static bool TryAddScalars(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum)
    {
        if (!Secp256k1.IsValidSecret(a) || !Secp256k1.IsValidSecret(b) || sum.Length < KeySizes.SecretKey)
        {
            return false;
        }

        return Secp256k1.TryTweakSecretCopy(a, b, sum, &Libsecp256k1.secp256k1_ec_seckey_tweak_add);
    }

    /// <summary>negated = −a mod n. False if <paramref name="a"/> is not a valid non-zero scalar.</summary>
    public static bool TryNegateScalar(ReadOnlySpan<byte> a, Span<byte> negated)
    {
        if (!Secp256k1.IsValidSecret(a) || negated.Length < KeySizes.SecretKey)
        {
            return false;
        }

        return Secp256k1.TryTweakSecretCopy(a, default, negated, &Negate);
    }

    /// <summary><c>secp256k1_ec_seckey_negate</c> in the two-operand shape of <see cref="Secp256k1.TryTweakSecretCopy"/> (the tweak is unused).</summary>
    private static int Negate(Secp256k1ContextHandle context, byte* secret, byte* unused) =>
        Libsecp256k1.secp256k1_ec_seckey_negate(context, secret);

    /// <summary>difference = a − b mod n (a + (−b)). False for an invalid operand or a zero difference (a = b).</summary>
    public static bool TrySubtractScalars(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> difference)
    {
        Span<byte> minusB = stackalloc byte[KeySizes.SecretKey];
        try
        {
            return TryNegateScalar(b, minusB) && TryAddScalars(a, minusB, difference);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(minusB);
        }
    }

    /// <summary>result = point + tweak·G. False if the tweak is 0 or not below n, or the sum is infinity.</summary>
    public static bool TryAddTweak(in PublicKey point, ReadOnlySpan<byte> tweak, out PublicKey result)
    {
        result = default;
        if (!point.IsValid || !Secp256k1.IsValidSecret(tweak))
        {
            return false;
        }

        var native = point.Native;
        fixed (byte* t = tweak)
        {
            if (Libsecp256k1.secp256k1_ec_pubkey_tweak_add(NativeCrypto.Context, ref native, t) != 1)
            {
                return false;
            }
        }

        result = new PublicKey(native);
        return true;
    }

    /// <summary>result = point − tweak·G. False if the tweak is 0 or not below n, or the difference is infinity.</summary>
    public static bool TrySubtractTweak(in PublicKey point, ReadOnlySpan<byte> tweak, out PublicKey result)
    {
        result = default;
        Span<byte> negated = stackalloc byte[KeySizes.SecretKey];
        try
        {
            return TryNegateScalar(tweak, negated) && TryAddTweak(point, negated, out result);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(negated);
        }
    }

    /// <summary>The most points <see cref="TryCombine"/> adds at once (their pointers live on the stack).</summary>
    public const int MaxCombined = 256;

    /// <summary>result = the sum of <paramref name="points"/> (1 to <see cref="MaxCombined"/>). False if any is not a point or the sum is infinity.</summary>
    public static bool TryCombine(ReadOnlySpan<PublicKey> points, out PublicKey result)
    {
        result = default;
        if (points.IsEmpty || points.Length > MaxCombined)
        {
            return false;
        }

        var natives = new secp256k1_pubkey[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            if (!points[i].IsValid)
            {
                return false;
            }

            natives[i] = points[i].Native;
        }

        var output = default(secp256k1_pubkey);
        fixed (secp256k1_pubkey* first = natives)
        {
            var pointers = stackalloc secp256k1_pubkey*[points.Length];
            for (var i = 0; i < points.Length; i++)
            {
                pointers[i] = first + i;
            }

            if (Libsecp256k1.secp256k1_ec_pubkey_combine(NativeCrypto.Context, ref output, pointers, (nuint)points.Length) != 1)
            {
                return false;
            }
        }

        result = new PublicKey(output);
        return true;
    }
}
