using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Crypto.Interop;
using LnRelay.Sphinx.Onion;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The floor for <c>bench onion</c>: the native calls a peel or a build cannot avoid, made
/// bare (<see cref="BareNative"/>: raw pointers into the same bundled libsecp256k1 and
/// libsodium that Crypto uses, and the HMAC-SHA256 from the same OpenSSL low-level calls
/// Crypto's <c>Hashes</c> makes, or .NET's one-shot where those are missing), with no onion
/// logic around them. Measured in the same process and run as
/// the onion operations, so the ratio is not skewed by the machine's load. P/Invoke rather
/// than a C program: the transition costs tens of nanoseconds against tens of microseconds
/// of elliptic-curve work, and the .NET code under test pays the same transition.
/// </summary>
internal sealed unsafe class BenchNativeFloor : IDisposable
{
    private const int MacInputSize = OnionPacket.RoutingInfoSize + KeySizes.Hash;
    private const int StreamSize = 2 * OnionPacket.RoutingInfoSize;
    private const int NonceSize = 12;

    private readonly nint _context;
    private readonly byte* _compressed;
    private readonly nuint _compressedLength;
    private readonly secp256k1_pubkey* _point;
    private readonly secp256k1_pubkey* _scratchPoint;
    private readonly byte* _secret;
    private readonly byte* _tweak;
    private readonly byte* _output;
    private readonly byte* _stream;
    private readonly byte* _nonce;
    private readonly byte* _sealed;
    private readonly byte* _opened;
    private readonly int _openedLength;
    private readonly byte[] _macKey = new byte[KeySizes.Hash];
    private readonly byte[] _macInput = new byte[MacInputSize];
    private readonly byte[] _mac = new byte[KeySizes.Hash];
    private readonly byte* _macKeyNative;
    private readonly byte* _macInputNative;
    private readonly byte* _macNative;

    private BenchNativeFloor(ReadOnlySpan<byte> compressedPoint, int aeadPlaintextSize)
    {
        _context = Libsecp256k1.secp256k1_context_create(Libsecp256k1.SECP256K1_CONTEXT_NONE);
        _compressedLength = (nuint)compressedPoint.Length;
        _compressed = Alloc(compressedPoint.Length);
        compressedPoint.CopyTo(new Span<byte>(_compressed, compressedPoint.Length));
        _point = (secp256k1_pubkey*)Alloc(sizeof(secp256k1_pubkey));
        _scratchPoint = (secp256k1_pubkey*)Alloc(sizeof(secp256k1_pubkey));
        _secret = Alloc(KeySizes.SecretKey);
        _tweak = Alloc(KeySizes.SecretKey);
        _output = Alloc(KeySizes.Hash);
        _stream = Alloc(StreamSize);
        _nonce = Alloc(NonceSize);
        new Span<byte>(_secret, KeySizes.SecretKey).Fill(0x41);
        new Span<byte>(_tweak, KeySizes.SecretKey).Fill(0x07);
        _macKey.AsSpan().Fill(0x07);
        _macKeyNative = Alloc(KeySizes.Hash);
        new Span<byte>(_macKeyNative, KeySizes.Hash).Fill(0x07);
        _macInputNative = Alloc(MacInputSize);
        _macNative = Alloc(KeySizes.Hash);
        _openedLength = aeadPlaintextSize;
        _opened = Alloc(aeadPlaintextSize);
        _sealed = Alloc(aeadPlaintextSize + KeySizes.AeadTag);
        _ = BareNative.crypto_aead_chacha20poly1305_ietf_encrypt(_sealed, null, _opened, (ulong)aeadPlaintextSize, null, 0, null, _nonce, _tweak);
        if (BareNative.secp256k1_ec_pubkey_parse(_context, _point, _compressed, _compressedLength) != 1)
        {
            Dispose();
            throw new ArgumentException("Not a compressed point.", nameof(compressedPoint));
        }
    }

    /// <summary>Null (with the reason) when the bundled libraries cannot be loaded.</summary>
    /// <param name="compressedPoint">The point the elliptic-curve calls use.</param>
    /// <param name="aeadPlaintextSize">The plaintext size <see cref="AeadOpen"/> authenticates and decrypts (a blinded hop's blob).</param>
    /// <param name="unavailable">Why the floor cannot be measured, when it returns null.</param>
    public static BenchNativeFloor? TryCreate(ReadOnlySpan<byte> compressedPoint, int aeadPlaintextSize, out string? unavailable)
    {
        unavailable = null;
        try
        {
            NativeCrypto.EnsureAvailable();
            return new BenchNativeFloor(compressedPoint, aeadPlaintextSize);
        }
        catch (CryptoUnavailableException e)
        {
            unavailable = e.Message;
            return null;
        }
    }

    /// <summary>secp256k1_ec_pubkey_parse of a compressed point (a square root): not in the floor's sum, reported beside it.</summary>
    public void PublicKeyParse() => _ = BareNative.secp256k1_ec_pubkey_parse(_context, _scratchPoint, _compressed, _compressedLength);

    /// <summary>secp256k1_ecdh with the default (BOLT) hash.</summary>
    public void Ecdh() => _ = BareNative.secp256k1_ecdh(_context, _output, _point, _secret, 0, 0);

    /// <summary>secp256k1_ec_pubkey_tweak_mul: the hop's ephemeral-key blinding.</summary>
    public void PublicKeyTweak()
    {
        *_scratchPoint = *_point;
        _ = BareNative.secp256k1_ec_pubkey_tweak_mul(_context, _scratchPoint, _tweak);
    }

    /// <summary>secp256k1_ec_pubkey_create: the origin's E_i = e_i·G.</summary>
    public void PublicKeyCreate() => _ = BareNative.secp256k1_ec_pubkey_create(_context, _scratchPoint, _secret);

    /// <summary>secp256k1_ec_seckey_tweak_mul: the origin's e_{i+1} = e_i·b_i.</summary>
    public void SecretTweak()
    {
        new Span<byte>(_secret, KeySizes.SecretKey).Fill(0x41);
        _ = BareNative.secp256k1_ec_seckey_tweak_mul(_context, _secret, _tweak);
    }

    /// <summary>
    /// HMAC-SHA256 over hop_payloads || associated_data (1332 bytes), by the same OpenSSL low-level
    /// calls the peel makes (<see cref="BareNative.HmacSha256"/>): the floor's HMAC since session 7.
    /// </summary>
    public void Hmac1332() => BareNative.HmacSha256(_macKeyNative, _macInputNative, MacInputSize, _macNative);

    /// <summary>The floor's HMAC before session 7: .NET's one-shot (an OpenSSL EVP context per call), reported beside it.</summary>
    public void Hmac1332DotNet() => HMACSHA256.HashData(_macKey, _macInput, _mac);

    /// <summary>2600 bytes of raw ChaCha20 (libsodium), the rho stream a hop XORs.</summary>
    public void ChaCha2600() => _ = BareNative.crypto_stream_chacha20_ietf_xor_ic(_stream, _stream, StreamSize, _nonce, 0, _tweak);

    /// <summary>libsodium's ChaCha20-Poly1305 (IETF) decryption of a valid blob: a blinded hop's encrypted_recipient_data.</summary>
    public void AeadOpen() => _ = BareNative.crypto_aead_chacha20poly1305_ietf_decrypt(_opened, null, null, _sealed, (ulong)(_openedLength + KeySizes.AeadTag), null, 0, _nonce, _tweak);

    public void Dispose()
    {
        Libsecp256k1.secp256k1_context_destroy(_context);
        NativeMemory.Free(_compressed);
        NativeMemory.Free(_point);
        NativeMemory.Free(_scratchPoint);
        NativeMemory.Free(_secret);
        NativeMemory.Free(_tweak);
        NativeMemory.Free(_output);
        NativeMemory.Free(_stream);
        NativeMemory.Free(_nonce);
        NativeMemory.Free(_sealed);
        NativeMemory.Free(_opened);
        NativeMemory.Free(_macKeyNative);
        NativeMemory.Free(_macInputNative);
        NativeMemory.Free(_macNative);
    }

    private static byte* Alloc(int size) => (byte*)NativeMemory.AllocZeroed((nuint)size);
}
