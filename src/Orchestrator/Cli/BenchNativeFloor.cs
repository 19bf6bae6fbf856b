using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LnRelay.Sphinx.Onion;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// The floor for <c>bench onion</c>: the native calls a peel or a build cannot avoid, made
/// bare (straight P/Invoke into the same libsecp256k1 and libsodium, and .NET's one-shot
/// HMAC-SHA256, which is OpenSSL underneath), with no onion logic around them. Measured in
/// the same process and run as the onion operations, so the ratio is not skewed by the
/// machine's load. P/Invoke rather than a C program: the transition costs tens of
/// nanoseconds against tens of microseconds of elliptic-curve work, and the .NET code
/// under test pays the same transition.
/// </summary>
internal sealed class BenchNativeFloor : IDisposable
{
    private const string Secp256k1Library = "libsecp256k1.so.1";
    private const string SodiumLibrary = "libsodium.so.23";
    private const uint ContextNone = 1;
    private const int NativePubkeySize = 64;
    private const int MacInputSize = OnionPacket.RoutingInfoSize + KeySizes.Hash;
    private const int StreamSize = 2 * OnionPacket.RoutingInfoSize;

    private readonly nint _context;
    private readonly byte[] _compressed;
    private readonly byte[] _point = new byte[NativePubkeySize];
    private readonly byte[] _scratchPoint = new byte[NativePubkeySize];
    private readonly byte[] _secret = new byte[32];
    private readonly byte[] _tweak = new byte[32];
    private readonly byte[] _output = new byte[32];
    private readonly byte[] _macInput = new byte[MacInputSize];
    private readonly byte[] _stream = new byte[StreamSize];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _sealed;
    private readonly byte[] _opened;

    private BenchNativeFloor(nint context, ReadOnlySpan<byte> compressedPoint, int aeadPlaintextSize)
    {
        _context = context;
        _opened = new byte[aeadPlaintextSize];
        _sealed = new byte[aeadPlaintextSize + KeySizes.AeadTag];
        _ = NativeMethods.crypto_aead_chacha20poly1305_ietf_encrypt(ref _sealed[0], out _, in _opened[0], (ulong)_opened.Length, 0, 0, 0, in _nonce[0], in _tweak[0]);
        _compressed = compressedPoint.ToArray();
        _secret.AsSpan().Fill(0x41);
        _tweak.AsSpan().Fill(0x07);
        if (NativeMethods.secp256k1_ec_pubkey_parse(_context, ref _point[0], in compressedPoint[0], (nuint)compressedPoint.Length) != 1)
        {
            throw new ArgumentException("Not a compressed point.", nameof(compressedPoint));
        }
    }

    /// <summary>Null (with the reason) when the libraries cannot be loaded by these file names.</summary>
    /// <param name="compressedPoint">The point the elliptic-curve calls use.</param>
    /// <param name="aeadPlaintextSize">The plaintext size <see cref="AeadOpen"/> authenticates and decrypts (a blinded hop's blob).</param>
    /// <param name="unavailable">Why the floor cannot be measured, when it returns null.</param>
    public static BenchNativeFloor? TryCreate(ReadOnlySpan<byte> compressedPoint, int aeadPlaintextSize, out string? unavailable)
    {
        unavailable = null;
        try
        {
            var context = NativeMethods.secp256k1_context_create(ContextNone);
            _ = NativeMethods.sodium_init();
            return new BenchNativeFloor(context, compressedPoint, aeadPlaintextSize);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = e.Message;
            return null;
        }
    }

    /// <summary>secp256k1_ec_pubkey_parse of a compressed point (a square root): not in the floor's sum, reported beside it.</summary>
    public void PublicKeyParse() => _ = NativeMethods.secp256k1_ec_pubkey_parse(_context, ref _scratchPoint[0], in _compressed[0], (nuint)_compressed.Length);

    /// <summary>secp256k1_ecdh with the default (BOLT) hash.</summary>
    public void Ecdh() => _ = NativeMethods.secp256k1_ecdh(_context, ref _output[0], in _point[0], in _secret[0], 0, 0);

    /// <summary>secp256k1_ec_pubkey_tweak_mul: the hop's ephemeral-key blinding.</summary>
    public void PublicKeyTweak()
    {
        _point.CopyTo(_scratchPoint, 0);
        _ = NativeMethods.secp256k1_ec_pubkey_tweak_mul(_context, ref _scratchPoint[0], in _tweak[0]);
    }

    /// <summary>secp256k1_ec_pubkey_create: the origin's E_i = e_i·G.</summary>
    public void PublicKeyCreate() => _ = NativeMethods.secp256k1_ec_pubkey_create(_context, ref _scratchPoint[0], in _secret[0]);

    /// <summary>secp256k1_ec_seckey_tweak_mul: the origin's e_{i+1} = e_i·b_i.</summary>
    public void SecretTweak()
    {
        _secret.AsSpan().Fill(0x41);
        _ = NativeMethods.secp256k1_ec_seckey_tweak_mul(_context, ref _secret[0], in _tweak[0]);
    }

    /// <summary>HMAC-SHA256 over hop_payloads || associated_data (1332 bytes).</summary>
    public void Hmac1332() => HMACSHA256.HashData(_tweak, _macInput, _output);

    /// <summary>2600 bytes of raw ChaCha20 (libsodium), the rho stream a hop XORs.</summary>
    public void ChaCha2600() => _ = NativeMethods.crypto_stream_chacha20_ietf_xor_ic(ref _stream[0], in _stream[0], StreamSize, in _nonce[0], 0, in _tweak[0]);

    /// <summary>libsodium's ChaCha20-Poly1305 (IETF) decryption of a valid blob: a blinded hop's encrypted_recipient_data.</summary>
    public void AeadOpen() => _ = NativeMethods.crypto_aead_chacha20poly1305_ietf_decrypt(ref _opened[0], out _, 0, in _sealed[0], (ulong)_sealed.Length, 0, 0, in _nonce[0], in _tweak[0]);

    public void Dispose() => NativeMethods.secp256k1_context_destroy(_context);

    /// <summary>The native functions, names verbatim from secp256k1.h, secp256k1_ecdh.h, sodium/crypto_stream_chacha20.h and sodium/crypto_aead_chacha20poly1305.h.</summary>
    private static class NativeMethods
    {
        [DllImport(Secp256k1Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern nint secp256k1_context_create(uint flags);

        [DllImport(Secp256k1Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern void secp256k1_context_destroy(nint ctx);

        [DllImport(Secp256k1Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int secp256k1_ec_pubkey_parse(nint ctx, ref byte pubkey, in byte input, nuint inputlen);

        [DllImport(Secp256k1Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int secp256k1_ecdh(nint ctx, ref byte output, in byte pubkey, in byte seckey, nint hashfp, nint data);

        [DllImport(Secp256k1Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int secp256k1_ec_pubkey_tweak_mul(nint ctx, ref byte pubkey, in byte tweak32);

        [DllImport(Secp256k1Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int secp256k1_ec_pubkey_create(nint ctx, ref byte pubkey, in byte seckey);

        [DllImport(Secp256k1Library)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int secp256k1_ec_seckey_tweak_mul(nint ctx, ref byte seckey, in byte tweak32);

        [DllImport(SodiumLibrary)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int sodium_init();

        [DllImport(SodiumLibrary)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int crypto_stream_chacha20_ietf_xor_ic(ref byte c, in byte m, ulong mlen, in byte n, uint ic, in byte k);

        [DllImport(SodiumLibrary)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int crypto_aead_chacha20poly1305_ietf_encrypt(ref byte c, out ulong clen, in byte m, ulong mlen, nint ad, ulong adlen, nint nsec, in byte npub, in byte k);

        [DllImport(SodiumLibrary)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int crypto_aead_chacha20poly1305_ietf_decrypt(ref byte m, out ulong mlen, nint nsec, in byte c, ulong clen, nint ad, ulong adlen, in byte npub, in byte k);
    }
}
