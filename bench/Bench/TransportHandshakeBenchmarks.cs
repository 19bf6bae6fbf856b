using BenchmarkDotNet.Attributes;
using LnRelay.Crypto;
using LnRelay.Transport.Handshake;

namespace LnRelay.Bench;

/// <summary>
/// One complete STS handshake, both sides in this process through the sans-IO state
/// machines, beside its bare cryptography measured in the same run: 2 ephemeral key
/// generations, 2 ECDH, 2 Schnorr signatures, 2 verifications (docs/transport.md "Handshake").
/// Goal: the handshake within 1.3x of the bare cryptography.
/// Run: dotnet run -c Release --project bench/Bench -- --filter '*TransportHandshakeBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TransportHandshakeBenchmarks : IDisposable
{
    private const string Network = "lnrelay-bench";

    private readonly byte[] _actOne = new byte[HandshakeSizes.ActOne];
    private readonly byte[] _actTwo = new byte[HandshakeSizes.ActTwo];
    private readonly byte[] _actThree = new byte[HandshakeSizes.ActThree];
    private readonly byte[] _secretA = new byte[KeySizes.SecretKey];
    private readonly byte[] _secretB = new byte[KeySizes.SecretKey];
    private readonly byte[] _shared = new byte[KeySizes.Hash];
    private readonly byte[] _message = new byte[KeySizes.Hash];
    private readonly byte[] _aux = new byte[KeySizes.Hash];
    private readonly byte[] _sigA = new byte[KeySizes.SchnorrSignature];
    private readonly byte[] _sigB = new byte[KeySizes.SchnorrSignature];
    private PrivateKey _initiator = null!;
    private PrivateKey _responder = null!;
    private XOnlyPublicKey _initiatorX;
    private XOnlyPublicKey _responderX;

    [GlobalSetup]
    public void Setup()
    {
        _initiator = PrivateKey.Generate();
        _responder = PrivateKey.Generate();
        _initiatorX = _initiator.PublicKey.ToXOnly();
        _responderX = _responder.PublicKey.ToXOnly();
    }

    [Benchmark(Baseline = true, Description = "bare crypto: 2 keygen + 2 ECDH + 2 sign + 2 verify")]
    public bool BareCryptography()
    {
        var randomness = SystemHandshakeRandomness.Instance;
        randomness.NextEphemeralSecret(_secretA);
        _ = Secp256k1.TryDerivePublicKey(_secretA, out var ephemeralA);
        randomness.NextEphemeralSecret(_secretB);
        _ = Secp256k1.TryDerivePublicKey(_secretB, out var ephemeralB);
        _ = Secp256k1.TryEcdh(_secretA, ephemeralB, _shared);
        _ = Secp256k1.TryEcdh(_secretB, ephemeralA, _shared);
        randomness.NextSignatureAuxRandomness(_aux);
        _responder.SignSchnorr(_message, _aux, _sigB);
        randomness.NextSignatureAuxRandomness(_aux);
        _initiator.SignSchnorr(_message, _aux, _sigA);
        return _responderX.VerifySchnorr(_sigB, _message) & _initiatorX.VerifySchnorr(_sigA, _message);
    }

    [Benchmark(Description = "full STS handshake, both sides")]
    public bool FullHandshake()
    {
        using var initiator = new InitiatorHandshake(_initiator, _responder.PublicKey, Network, SystemHandshakeRandomness.Instance);
        using var responder = new ResponderHandshake(_responder, Network, SystemHandshakeRandomness.Instance);
        initiator.WriteActOne(_actOne);
        _ = responder.TryReadActOne(_actOne, _actTwo, out _);
        _ = initiator.TryReadActTwo(_actTwo, _actThree, out var initiatorResult, out _);
        var ok = responder.TryReadActThree(_actThree, _ => true, out var responderResult, out _);
        initiatorResult!.Dispose();
        responderResult!.Dispose();
        return ok;
    }

    public void Dispose()
    {
        _initiator?.Dispose();
        _responder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
