using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using LnRelay.Crypto;
using LnRelay.Crypto.Interop;
using LnRelay.Orchestrator.Bench;
using LnRelay.Sphinx.Onion;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Bench;

/// <summary>
/// BOLT 4 onion peel and build beside their floor: the native calls they cannot avoid
/// (ECDH, point tweak, HMAC over 1332 bytes, a 2600-byte ChaCha20 stream; per built hop
/// also e·G and the scalar tweak) made bare (<see cref="BareNative"/>: raw
/// pointers into the bundled libsecp256k1 and libsodium, and <see cref="BareNative.HmacSha256"/>: the
/// same OpenSSL low-level SHA-256 calls the peel makes, or .NET's one-shot where they are missing) back to back
/// with no onion logic, the same calls <c>lnrelay bench onion</c>'s floor makes. The
/// inputs are <c>bench onion</c>'s own (<see cref="BenchOnionSetup"/>, linked from
/// src/Orchestrator/Bench). Goal: within 1.15x of the floor, and no allocation per peel
/// with a caller buffer.
/// Run: dotnet run -c Release --project bench/Bench -- --filter '*SphinxBenchmarks*'
/// The same figures, quicker and with the ratio printed: lnrelay bench onion.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public unsafe class SphinxBenchmarks : IDisposable
{
    private const int MacInputSize = OnionPacket.RoutingInfoSize + KeySizes.Hash;

    private readonly byte[] _buffer = new byte[OnionPeeler.BufferSize];
    private BenchOnionSetup _setup = null!;
    private nint _ctx;
    private byte* _sessionKey;
    private byte* _scratchSecret;
    private byte* _tweak;
    private byte* _out;
    private byte* _stream;
    private byte* _nonce;
    private byte* _macKey;
    private byte* _macInput;
    private byte* _mac;
    private secp256k1_pubkey* _ephemeral;
    private secp256k1_pubkey* _scratchPoint;

    [GlobalSetup]
    public void Setup()
    {
        NativeCrypto.EnsureAvailable();
        _ctx = NativeCrypto.Context.DangerousGetHandle();
        _setup = BenchOnionSetup.Create();
        _sessionKey = Alloc(KeySizes.SecretKey, _setup.SessionKey);
        _scratchSecret = Alloc(KeySizes.SecretKey, null);
        _tweak = Alloc(KeySizes.SecretKey, Hashes.Sha256("tweak"u8));
        _out = Alloc(KeySizes.Hash, null);
        _stream = Alloc(OnionPacket.StreamSize, null);
        _nonce = Alloc(12, null);
        _macKey = Alloc(KeySizes.Hash, Hashes.Sha256("mu"u8));
        _macInput = Alloc(MacInputSize, null);
        _mac = Alloc(KeySizes.Hash, null);
        _ephemeral = (secp256k1_pubkey*)NativeMemory.AllocZeroed((nuint)sizeof(secp256k1_pubkey));
        *_ephemeral = PublicKey.Parse(_setup.FirstHopEphemeral).Native;
        _scratchPoint = (secp256k1_pubkey*)NativeMemory.AllocZeroed((nuint)sizeof(secp256k1_pubkey));
    }

    [Benchmark(Description = "peel, caller buffer")]
    public OnionPeelOutcome Peel() => OnionPeeler.Peel(_setup.FirstHopKey, _setup.AssociatedData, _setup.Packet5, _buffer, parsePayload: false).Outcome;

    [Benchmark(Description = "peel, allocating + parsed payload")]
    public OnionPeelOutcome PeelAllocating() => OnionPeeler.Peel(_setup.FirstHopKey, _setup.AssociatedData, _setup.Packet5).Outcome;

    /// <summary>ECDH, the next ephemeral key's point tweak, HMAC over 1332 bytes, 2600 bytes of rho stream.</summary>
    [Benchmark(Description = "peel floor")]
    public int PeelFloor()
    {
        // The calls' results are summed and returned so that none of them can be dropped.
        var results = BareNative.secp256k1_ecdh(_ctx, _out, _ephemeral, _sessionKey, 0, 0);
        *_scratchPoint = *_ephemeral;
        results += BareNative.secp256k1_ec_pubkey_tweak_mul(_ctx, _scratchPoint, _tweak);
        BareNative.HmacSha256(_macKey, _macInput, MacInputSize, _mac);
        results += BareNative.crypto_stream_chacha20_ietf_xor_ic(_stream, _stream, OnionPacket.StreamSize, _nonce, 0, _tweak);
        return results;
    }

    [Benchmark(Description = "build, 5 hops")]
    public bool Build5() => OnionBuilder.TryCreateWithSessionKey(_setup.SessionKey, _setup.Route5, _setup.AssociatedData, out _, out _);

    [Benchmark(Description = "build, 20 hops")]
    public bool Build20() => OnionBuilder.TryCreateWithSessionKey(_setup.SessionKey, _setup.Route20, _setup.AssociatedData, out _, out _);

    /// <summary>E_i = e_i·G, ECDH, e_{i+1} = e_i·b_i, HMAC over 1332 bytes, 2600 bytes of stream (layer and filler).</summary>
    [Benchmark(Description = "build floor, per hop (x5 or x20)")]
    public int BuildFloorPerHop()
    {
        var results = BareNative.secp256k1_ec_pubkey_create(_ctx, _scratchPoint, _sessionKey);
        results += BareNative.secp256k1_ecdh(_ctx, _out, _ephemeral, _sessionKey, 0, 0);
        Buffer.MemoryCopy(_sessionKey, _scratchSecret, KeySizes.SecretKey, KeySizes.SecretKey);
        results += BareNative.secp256k1_ec_seckey_tweak_mul(_ctx, _scratchSecret, _tweak);
        BareNative.HmacSha256(_macKey, _macInput, MacInputSize, _mac);
        results += BareNative.crypto_stream_chacha20_ietf_xor_ic(_stream, _stream, OnionPacket.StreamSize, _nonce, 0, _tweak);
        return results;
    }

    public void Dispose()
    {
        NativeMemory.Free(_sessionKey);
        NativeMemory.Free(_scratchSecret);
        NativeMemory.Free(_tweak);
        NativeMemory.Free(_out);
        NativeMemory.Free(_stream);
        NativeMemory.Free(_nonce);
        NativeMemory.Free(_macKey);
        NativeMemory.Free(_macInput);
        NativeMemory.Free(_mac);
        NativeMemory.Free(_ephemeral);
        NativeMemory.Free(_scratchPoint);
        GC.SuppressFinalize(this);
    }

    private static byte* Alloc(int size, byte[]? init)
    {
        var p = (byte*)NativeMemory.AllocZeroed((nuint)size);
        init?.CopyTo(new Span<byte>(p, size));
        return p;
    }
}
