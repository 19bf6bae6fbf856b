using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using LnRelay.Crypto;
using LnRelay.Crypto.Interop;

namespace LnRelay.Bench;

/// <summary>
/// The cost of each Crypto wrapper beside the same native call made bare (pinned
/// buffers, pre-parsed structs, no checks), so the wrapper's overhead is visible.
/// Goal: every wrapper within 5% of its bare call.
/// Run: dotnet run -c Release --project bench/Bench -- --filter '*CryptoBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public unsafe class CryptoBenchmarks : IDisposable
{
    private const int StreamBytes = 2600; // the BOLT 4 peel's 2 x 1300-byte rho stream

    private PrivateKey _key = null!;
    private PublicKey _point;
    private byte* _secret;
    private byte* _tweak;
    private byte* _out;
    private byte* _msg;
    private byte* _sig;
    private byte* _stream;
    private byte* _nonce;
    private secp256k1_pubkey* _nativePoint;
    private secp256k1_keypair* _keypair;
    private secp256k1_xonly_pubkey* _xonly;
    private byte[] _secretArray = null!;
    private byte[] _tweakArray = null!;
    private byte[] _outArray = null!;
    private byte[] _msgArray = null!;
    private byte[] _sigArray = null!;
    private byte[] _streamArray = null!;
    private XOnlyPublicKey _xonlyKey;
    private Secp256k1ContextHandle _ctx = null!;
    private nint _rawCtx;

    [GlobalSetup]
    public void Setup()
    {
        NativeCrypto.EnsureAvailable();
        _ctx = NativeCrypto.Context;
        _rawCtx = _ctx.DangerousGetHandle();
        _key = PrivateKey.Generate();
        using var other = PrivateKey.Generate();
        _point = other.PublicKey;
        _xonlyKey = _key.PublicKey.ToXOnly();

        _secretArray = new byte[32];
        _key.WriteSecret(_secretArray);
        _tweakArray = Hashes.Sha256("tweak"u8);
        _outArray = new byte[32];
        _msgArray = Hashes.Sha256("message"u8);
        _sigArray = new byte[64];
        _key.SignSchnorr(_msgArray, _sigArray);
        _streamArray = new byte[StreamBytes];

        _secret = Alloc(32, _secretArray);
        _tweak = Alloc(32, _tweakArray);
        _out = Alloc(32, null);
        _msg = Alloc(32, _msgArray);
        _sig = Alloc(64, _sigArray);
        _stream = Alloc(StreamBytes, null);
        _nonce = Alloc(12, null);
        _nativePoint = (secp256k1_pubkey*)NativeMemory.AllocZeroed(64);
        *_nativePoint = _point.Native;
        _keypair = (secp256k1_keypair*)NativeMemory.AllocZeroed(96);
        _ = Libsecp256k1.secp256k1_keypair_create(_ctx, ref *_keypair, _secret);
        _xonly = (secp256k1_xonly_pubkey*)NativeMemory.AllocZeroed(64);
        *_xonly = _xonlyKey.Native;
    }

    [Benchmark(Description = "ECDH wrapper")]
    public bool Ecdh() => _key.TryEcdh(_point, _outArray);

    [Benchmark(Description = "ECDH bare")]
    public int EcdhBare() => BareNative.secp256k1_ecdh(_rawCtx, _out, _nativePoint, _secret, 0, 0);

    [Benchmark(Description = "blind point wrapper")]
    public bool BlindPoint() => _point.TryMultiply(_tweakArray, out _);

    [Benchmark(Description = "blind point bare")]
    public int BlindPointBare()
    {
        var copy = *_nativePoint;
        return BareNative.secp256k1_ec_pubkey_tweak_mul(_rawCtx, &copy, _tweak);
    }

    [Benchmark(Description = "blind secret wrapper")]
    public bool BlindSecret() => Secp256k1.TryMultiplySecret(_secretArray, _tweakArray);

    [Benchmark(Description = "blind secret bare")]
    public int BlindSecretBare() => BareNative.secp256k1_ec_seckey_tweak_mul(_rawCtx, _secret, _tweak);

    [Benchmark(Description = "Schnorr sign wrapper")]
    public void Sign() => _key.SignSchnorr(_msgArray, ReadOnlySpan<byte>.Empty, _sigArray);

    [Benchmark(Description = "Schnorr sign bare")]
    public int SignBare() => BareNative.secp256k1_schnorrsig_sign32(_rawCtx, _sig, _msg, _keypair, null);

    [Benchmark(Description = "Schnorr verify wrapper")]
    public bool Verify() => _xonlyKey.VerifySchnorr(_sigArray, _msgArray);

    [Benchmark(Description = "Schnorr verify bare")]
    public int VerifyBare() => BareNative.secp256k1_schnorrsig_verify(_rawCtx, _sig, _msg, 32, _xonly);

    [Benchmark(Description = "ChaCha20 2600 B wrapper")]
    public void Stream() => ChaCha20Stream.Xor(_tweakArray, _streamArray);

    [Benchmark(Description = "ChaCha20 2600 B bare")]
    public int StreamBare() => BareNative.crypto_stream_chacha20_ietf_xor_ic(_stream, _stream, StreamBytes, _nonce, 0, _tweak);

    public void Dispose()
    {
        _key.Dispose();
        GC.SuppressFinalize(this);
    }

    private static byte* Alloc(int size, byte[]? init)
    {
        var p = (byte*)NativeMemory.AllocZeroed((nuint)size);
        init?.CopyTo(new Span<byte>(p, size));
        return p;
    }
}
