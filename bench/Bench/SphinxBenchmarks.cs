using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Bench;

/// <summary>
/// BOLT 4 onion peel and build beside their floor: the native calls they cannot avoid
/// (ECDH, point tweak, HMAC over 1332 bytes, a 2600-byte ChaCha20 stream; per built hop
/// also e·G and the scalar tweak) made back to back with no onion logic. Goal: within
/// 1.15x of the floor, and no allocation per peel with a caller buffer.
/// Run: dotnet run -c Release --project bench/Bench -- --filter '*SphinxBenchmarks*'
/// The same figures, quicker and with the ratio printed: lnrelay bench onion.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SphinxBenchmarks : IDisposable
{
    private readonly byte[] _associatedData = Enumerable.Repeat((byte)0x42, 32).ToArray();
    private readonly byte[] _sessionKey = Enumerable.Repeat((byte)0x41, 32).ToArray();
    private readonly byte[] _buffer = new byte[OnionPeeler.BufferSize];
    private readonly byte[] _macInput = new byte[OnionPacket.RoutingInfoSize + 32];
    private readonly byte[] _stream = new byte[OnionPacket.StreamSize];
    private readonly byte[] _out = new byte[32];
    private readonly byte[] _tweak = Hashes.Sha256("tweak"u8);
    private readonly byte[] _scratchSecret = new byte[32];
    private PrivateKey[] _keys = [];
    private OnionHop[] _route5 = [];
    private OnionHop[] _route20 = [];
    private byte[] _packet = [];
    private PublicKey _ephemeral;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(1, 20).Select(i => PrivateKey.Create(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        _route5 = _keys.Take(5).Select(k => new OnionHop(k.PublicKey, Payload(18))).ToArray();
        _route20 = _keys.Select(k => new OnionHop(k.PublicKey, Payload(32))).ToArray();
        if (!OnionBuilder.TryCreateWithSessionKey(_sessionKey, _route5, _associatedData, out var onion, out var refusal))
        {
            throw new InvalidOperationException(refusal);
        }

        _packet = onion.Packet;
        _ephemeral = PublicKey.Parse(_packet.AsSpan(OnionPacket.PublicKeyOffset, OnionPacket.PublicKeySize));
    }

    [Benchmark(Description = "peel, caller buffer")]
    public OnionPeelOutcome Peel() => OnionPeeler.Peel(_keys[0], _associatedData, _packet, _buffer, parsePayload: false).Outcome;

    [Benchmark(Description = "peel, allocating + parsed payload")]
    public OnionPeelOutcome PeelAllocating() => OnionPeeler.Peel(_keys[0], _associatedData, _packet).Outcome;

    [Benchmark(Description = "peel floor")]
    public bool PeelFloor()
    {
        var ok = Secp256k1.TryEcdh(_sessionKey, _ephemeral, _out);
        ok &= _ephemeral.TryMultiply(_tweak, out _);
        HMACSHA256.HashData(_tweak, _macInput, _out);
        ChaCha20Stream.Xor(_tweak, _stream);
        return ok;
    }

    [Benchmark(Description = "build, 5 hops")]
    public bool Build5() => OnionBuilder.TryCreateWithSessionKey(_sessionKey, _route5, _associatedData, out _, out _);

    [Benchmark(Description = "build, 20 hops")]
    public bool Build20() => OnionBuilder.TryCreateWithSessionKey(_sessionKey, _route20, _associatedData, out _, out _);

    [Benchmark(Description = "build floor, per hop (x5 or x20)")]
    public bool BuildFloorPerHop()
    {
        var ok = Secp256k1.TryDerivePublicKey(_sessionKey, out _);
        ok &= Secp256k1.TryEcdh(_sessionKey, _ephemeral, _out);
        _sessionKey.CopyTo(_scratchSecret, 0);
        ok &= Secp256k1.TryMultiplySecret(_scratchSecret, _tweak);
        HMACSHA256.HashData(_tweak, _macInput, _out);
        ChaCha20Stream.Xor(_tweak, _stream);
        return ok;
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private static byte[] Payload(int length)
    {
        byte[] core = [0x02, 0x02, 0x3a, 0x98, 0x04, 0x02, 0x05, 0xdc, 0x06, 0x08, 0, 0, 0, 0, 0, 0, 0, 1];
        var payload = new byte[Math.Max(length, core.Length)];
        core.CopyTo(payload, 0);
        if (length > core.Length)
        {
            payload[core.Length] = 0x0b; // an odd type readers skip
            payload[core.Length + 1] = (byte)(length - core.Length - 2);
        }

        return payload;
    }
}
