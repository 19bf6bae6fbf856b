using LnRelay.Crypto;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// BOLT 4 "Key Generation": every per-hop key is
/// <c>HMAC-SHA256(key = ASCII key-type string, message = secret)</c>, where the
/// secret is a hop's 32-byte shared secret (or, for <c>pad</c>, the session key).
/// The key-type string is the raw ASCII bytes with no terminator. Writes 32 bytes
/// into the caller's span and allocates nothing.
/// </summary>
internal static class OnionKeys
{
    /// <summary>Every derived key is one HMAC-SHA256 output.</summary>
    public const int KeySize = KeySizes.Hash;

    /// <summary>HMAC(key = ASCII(<paramref name="type"/>), message = <paramref name="secret"/>), written to <paramref name="destination"/>.</summary>
    public static void Derive(OnionKeyType type, ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        if (secret.Length != KeySizes.Hash)
        {
            throw new ArgumentException("Onion keys are derived from a 32-byte secret.", nameof(secret));
        }

        if (destination.Length < KeySize)
        {
            throw new ArgumentException("Needs 32 bytes.", nameof(destination));
        }

        Keyed[(int)type].Compute(secret, destination[..KeySize]);
    }

    /// <summary>One keyed HMAC state per key type, indexed by <see cref="OnionKeyType"/>: the key strings never change.</summary>
    private static readonly FixedKeyHmac[] Keyed = CreateKeyed();

    private static FixedKeyHmac[] CreateKeyed()
    {
        var types = Enum.GetValues<OnionKeyType>();
        var keyed = new FixedKeyHmac[types.Length];
        foreach (var type in types)
        {
            keyed[(int)type] = new FixedKeyHmac(Name(type));
        }

        return keyed;
    }

    /// <summary>The key as a new array (for tests, tools and the failure path, which is not hot).</summary>
    public static byte[] Derive(OnionKeyType type, ReadOnlySpan<byte> secret)
    {
        var key = new byte[KeySize];
        Derive(type, secret, key);
        return key;
    }

    /// <summary>The ASCII key-type string, as the spec spells it.</summary>
    public static ReadOnlySpan<byte> Name(OnionKeyType type) => type switch
    {
        OnionKeyType.Rho => "rho"u8,
        OnionKeyType.Mu => "mu"u8,
        OnionKeyType.Um => "um"u8,
        OnionKeyType.Pad => "pad"u8,
        OnionKeyType.Ammag => "ammag"u8,
        OnionKeyType.AmmagExt => "ammagext"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a BOLT 4 key type."),
    };
}
