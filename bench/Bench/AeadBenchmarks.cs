using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Bench;

/// <summary>
/// One ChaCha20-Poly1305 seal or open (RFC 8439, empty associated data as in the transport's frames) by
/// each implementation <see cref="ChaChaPolyAead"/> can use, at the sizes that place its
/// <see cref="ChaChaPolyAead.SmallMessage"/> split: libsodium's one-shot, .NET's <c>ChaCha20Poly1305</c>
/// (OpenSSL's EVP layer, re-initialised every call) and OpenSSL's EVP with the context kept per key
/// (docs/performance.md, "Frame AEAD with a kept OpenSSL context (session 9)"). 1,452 bytes is an
/// update_add_htlc; 65,535 the largest message.
/// Run one implementation at a time (8 sizes, about 45 s):
/// dotnet bench/Bench/bin/Release/net10.0/LnRelay.Bench.dll --filter '*AeadBenchmarks.SealKept*' --job short --inProcess
/// (the whole class takes about 5 minutes; <see cref="AeadInterleaved"/> gives the same comparison in seconds).
/// </summary>
[ShortRunJob]
public class AeadBenchmarks : IDisposable
{
    private readonly byte[] _key = new byte[KeySizes.ChaChaKey];
    private readonly byte[] _nonce = new byte[KeySizes.ChaChaNonce];
    private byte[] _message = null!;
    private byte[] _sealed = null!;
    private byte[] _output = null!;
    private ChaCha20Poly1305 _dotNet = null!;
    private OpenSslChaChaPoly? _kept;

    [Params(256, 512, 768, 1024, 1025, 1452, 4096, 65535)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        NativeCrypto.EnsureAvailable();
        RandomNumberGenerator.Fill(_key);
        _nonce[4] = 7;
        _message = new byte[MessageBytes];
        RandomNumberGenerator.Fill(_message);
        _sealed = new byte[MessageBytes + KeySizes.AeadTag];
        _output = new byte[MessageBytes + KeySizes.AeadTag];
        _dotNet = new ChaCha20Poly1305(_key);
        _kept = OpenSslChaChaPoly.IsAvailable ? new OpenSslChaChaPoly(_key) : null;
        ChaChaPolyOneShot.Seal(_key, _nonce, default, _message, _sealed);
    }

    [Benchmark(Description = "seal, libsodium")]
    public void SealSodium() => ChaChaPolyOneShot.Seal(_key, _nonce, default, _message, _output);

    [Benchmark(Description = "open, libsodium")]
    public bool OpenSodium() => ChaChaPolyOneShot.TryOpen(_key, _nonce, default, _sealed, _output);

    [Benchmark(Description = "seal, .NET")]
    public void SealDotNet() => _dotNet.Encrypt(_nonce, _message, _output.AsSpan(0, MessageBytes), _output.AsSpan(MessageBytes), default);

    [Benchmark(Description = "open, .NET")]
    public void OpenDotNet() => _dotNet.Decrypt(_nonce, _sealed.AsSpan(0, MessageBytes), _sealed.AsSpan(MessageBytes), _output.AsSpan(0, MessageBytes), default);

    [Benchmark(Description = "seal, kept EVP context")]
    public void SealKept() => Kept().Seal(_nonce, default, _message, _output.AsSpan(0, MessageBytes), _output.AsSpan(MessageBytes));

    [Benchmark(Description = "open, kept EVP context")]
    public bool OpenKept() => Kept().TryOpen(_nonce, default, _sealed.AsSpan(0, MessageBytes), _sealed.AsSpan(MessageBytes), _output);

    public void Dispose()
    {
        _dotNet?.Dispose();
        _kept?.Dispose();
        GC.SuppressFinalize(this);
    }

    private OpenSslChaChaPoly Kept() => _kept ?? throw new PlatformNotSupportedException("No kept OpenSSL context on this platform.");
}
