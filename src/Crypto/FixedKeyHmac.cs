using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// HMAC-SHA256 under one constant key, with the key already absorbed: BOLT 4 derives every
/// per-hop key as <c>HMAC-SHA256(key = "rho" | "mu" | "um" | "pad" | "ammag", message = secret)</c>
/// (BOLT 4 "Key Generation"), so the padded key's two SHA-256 blocks are the same on every
/// call. Keeping the state after them halves the compressions of a 32-byte message (two
/// instead of four), which is most of a derivation's cost on a hop's peel. Backed by OpenSSL's
/// low-level SHA-256 where the process has it (<see cref="OpenSslSha256"/>: about 0.1 µs a
/// derivation), else by libsodium's <c>crypto_auth_hmacsha256_*</c> (about 0.35 µs); the output
/// equals <see cref="Hashes.HmacSha256(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>.
/// </summary>
public sealed unsafe class FixedKeyHmac
{
    /// <summary>Room for libsodium's state (208 bytes in every release since 1.0.0), checked at construction.</summary>
    private const int StateCapacity = 256;

    private readonly bool _openSsl;
    private readonly SHA256_CTX _inner;
    private readonly SHA256_CTX _outer;
    private readonly byte[] _keyed = [];
    private readonly int _stateSize;

    public FixedKeyHmac(ReadOnlySpan<byte> key)
        : this(key, OpenSslSha256.IsAvailable)
    {
    }

    /// <summary>With <paramref name="openSsl"/> false, libsodium's HMAC even where OpenSSL's is there (tests compare the two).</summary>
    internal FixedKeyHmac(ReadOnlySpan<byte> key, bool openSsl)
    {
        NativeCrypto.EnsureAvailable();
        _openSsl = openSsl;
        if (openSsl)
        {
            _inner = OpenSslSha256.Absorb(key, OpenSslSha256.InnerPad);
            _outer = OpenSslSha256.Absorb(key, OpenSslSha256.OuterPad);
            return;
        }

        _stateSize = checked((int)Libsodium.crypto_auth_hmacsha256_statebytes());
        if (_stateSize > StateCapacity)
        {
            throw new CryptoUnavailableException($"libsodium's HMAC-SHA256 state is {_stateSize} bytes, more than the {StateCapacity} lnrelay reserves for it.");
        }

        _keyed = new byte[StateCapacity];
        fixed (byte* state = _keyed)
        fixed (byte* k = key)
        {
            _ = Libsodium.crypto_auth_hmacsha256_init(state, k, (nuint)key.Length);
        }
    }

    /// <summary>Writes HMAC-SHA256(key, <paramref name="message"/>) into the first 32 bytes of <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (destination.Length < KeySizes.Hash)
        {
            throw new ArgumentException("An HMAC-SHA256 is 32 bytes.", nameof(destination));
        }

        if (_openSsl)
        {
            var inner = _inner;
            var outer = _outer;
            OpenSslSha256.Finish(ref inner, ref outer, message, default, destination);
            return;
        }

        Span<byte> state = stackalloc byte[StateCapacity];
        _keyed.AsSpan(0, _stateSize).CopyTo(state);
        fixed (byte* s = state)
        fixed (byte* m = message)
        fixed (byte* d = destination)
        {
            _ = Libsodium.crypto_auth_hmacsha256_update(s, m, (ulong)message.Length);
            _ = Libsodium.crypto_auth_hmacsha256_final(s, d);
        }
    }
}
