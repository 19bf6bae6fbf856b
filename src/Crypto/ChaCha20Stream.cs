using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// The raw RFC 8439 ChaCha20 keystream, which .NET's AEAD does not expose (BOLT 4
/// "Pseudo Random Byte Stream": 96-bit zero nonce, block counter from 0). Backed by
/// libsodium's <c>crypto_stream_chacha20_ietf_xor_ic</c>.
/// </summary>
public static unsafe class ChaCha20Stream
{
    /// <summary>Bytes of keystream per block counter step (RFC 8439 section 2.3).</summary>
    public const int BlockSize = 64;

    /// <summary>data ^= ChaCha20(key, nonce = 0, counter = 0), in place. To obtain the keystream itself, pass zeros.</summary>
    public static void Xor(ReadOnlySpan<byte> key, Span<byte> data) => Xor(key, default, 0, data, data);

    /// <summary>
    /// output = input XOR ChaCha20(key, nonce, counter): the general RFC 8439 form.
    /// An empty <paramref name="nonce"/> means 12 zero bytes. Input and output may be the same span.
    /// </summary>
    public static void Xor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (key.Length != KeySizes.ChaChaKey)
        {
            throw new ArgumentException("ChaCha20 keys are 32 bytes.", nameof(key));
        }

        if (!nonce.IsEmpty && nonce.Length != KeySizes.ChaChaNonce)
        {
            throw new ArgumentException("RFC 8439 nonces are 12 bytes.", nameof(nonce));
        }

        if (output.Length < input.Length)
        {
            throw new ArgumentException("Output is shorter than input.", nameof(output));
        }

        NativeCrypto.EnsureAvailable();
        Span<byte> zeroNonce = stackalloc byte[KeySizes.ChaChaNonce];
        var n = nonce.IsEmpty ? zeroNonce : nonce;
        fixed (byte* k = key)
        fixed (byte* np = n)
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            _ = Libsodium.crypto_stream_chacha20_ietf_xor_ic(o, i, (ulong)input.Length, np, counter, k);
        }
    }
}
