using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Transport.Net;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Transport.Handshake;

/// <summary>
/// The initiator's side of the STS handshake as a sans-IO state machine
/// (docs/transport.md "Handshake"): <see cref="WriteActOne"/> (34 bytes out), then
/// <see cref="TryReadActTwo"/> (147 bytes in, 114 bytes of act three out). It never
/// touches a socket; the caller moves the bytes and enforces deadlines. One instance
/// per connection attempt; the ephemeral secret is wiped as soon as the act key is derived.
/// </summary>
internal sealed class InitiatorHandshake : IDisposable
{
    private readonly PrivateKey _localStatic;
    private readonly PublicKey _expectedResponder;
    private readonly IHandshakeRandomness _randomness;
    private readonly HandshakeTranscript _transcript;
    private readonly byte[] _ephemeralSecret = GC.AllocateArray<byte>(KeySizes.SecretKey, pinned: true);
    private readonly byte[] _ephemeralPublic = new byte[HandshakeSizes.PublicKey];
    private Step _step;

    public InitiatorHandshake(PrivateKey localStatic, PublicKey expectedResponder, string networkName, IHandshakeRandomness randomness)
    {
        if (!expectedResponder.IsValid)
        {
            throw new ArgumentException("The responder's node id is required: the initiator must know whom it dials.", nameof(expectedResponder));
        }

        _localStatic = localStatic;
        _expectedResponder = expectedResponder;
        _randomness = randomness;
        _transcript = new HandshakeTranscript(networkName);
    }

    private enum Step
    {
        ActOne,
        ActTwo,
        Done,
    }

    /// <summary>The running transcript (read by the known-answer vectors).</summary>
    internal HandshakeTranscript Transcript => _transcript;

    /// <summary>Act one: version || X; then h = H(h || X).</summary>
    public void WriteActOne(Span<byte> actOne)
    {
        if (_step != Step.ActOne || actOne.Length < HandshakeSizes.ActOne)
        {
            throw new InvalidOperationException("Act one is written once, into 34 bytes, first.");
        }

        _randomness.NextEphemeralSecret(_ephemeralSecret);
        if (!Secp256k1.TryDerivePublicKey(_ephemeralSecret, out var ephemeral))
        {
            throw new InvalidOperationException("The randomness source returned an invalid secret.");
        }

        ephemeral.WriteCompressed(_ephemeralPublic);
        actOne[0] = HandshakeProtocol.Version;
        _ephemeralPublic.CopyTo(actOne[HandshakeSizes.Version..]);
        _transcript.MixHash(_ephemeralPublic);
        _step = Step.ActTwo;
    }

    /// <summary>
    /// Reads act two (checks the version, Y, c2, that S_R is the node dialled and
    /// sig_R) and writes act three. On success <paramref name="result"/> holds the
    /// transport keys; on failure nothing is written that may be sent.
    /// </summary>
    public bool TryReadActTwo(ReadOnlySpan<byte> actTwo, Span<byte> actThree, out HandshakeResult? result, out TransportFailure failure)
    {
        if (_step != Step.ActTwo || actThree.Length < HandshakeSizes.ActThree)
        {
            throw new InvalidOperationException("Act two is read once, after act one, with 114 bytes for act three.");
        }

        _step = Step.Done;
        result = null;
        var ok = TryReadActTwoCore(actTwo, actThree, out failure);
        if (ok)
        {
            result = new HandshakeResult(_transcript, isInitiator: true, _expectedResponder);
        }

        _transcript.Dispose();
        return ok;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_ephemeralSecret);
        _transcript.Dispose();
    }

    private bool TryReadActTwoCore(ReadOnlySpan<byte> actTwo, Span<byte> actThree, out TransportFailure failure)
    {
        if (actTwo.Length != HandshakeSizes.ActTwo)
        {
            return Fail(TransportFailure.InvalidActLength, out failure);
        }

        if (actTwo[0] != HandshakeProtocol.Version)
        {
            return Fail(TransportFailure.UnknownVersion, out failure);
        }

        var responderEphemeralBytes = actTwo.Slice(HandshakeSizes.Version, HandshakeSizes.PublicKey);
        var sealedIdentity = actTwo[(HandshakeSizes.Version + HandshakeSizes.PublicKey)..];
        if (!PublicKey.TryParse(responderEphemeralBytes, out var responderEphemeral))
        {
            return Fail(TransportFailure.InvalidEphemeralKey, out failure);
        }

        // Y equal to our own X is act one reflected back; Y equal to our node id is a
        // key we would be agreeing with ourselves on. Neither comes from a genuine responder.
        if (responderEphemeralBytes.SequenceEqual(_ephemeralPublic) || responderEphemeral == _localStatic.PublicKey)
        {
            return Fail(TransportFailure.ReflectedKey, out failure);
        }

        _transcript.MixHash(responderEphemeralBytes);
        var mixed = _transcript.TryMixSharedSecret(_ephemeralSecret, responderEphemeral);
        CryptographicOperations.ZeroMemory(_ephemeralSecret);
        if (!mixed)
        {
            return Fail(TransportFailure.InvalidEphemeralKey, out failure);
        }

        // sig_R covers H("responder" || h) with h before c2 is mixed in.
        Span<byte> responderMessage = stackalloc byte[KeySizes.Hash];
        _transcript.SignedMessage(HandshakeProtocol.ResponderRole, responderMessage);

        Span<byte> identity = stackalloc byte[HandshakeSizes.IdentityPayload];
        if (!_transcript.TryDecryptAndHash(HandshakeProtocol.ActTwoNonce, sealedIdentity, identity))
        {
            return Fail(TransportFailure.ActDecryptionFailed, out failure);
        }

        if (!PublicKey.TryParse(identity[..HandshakeSizes.PublicKey], out var responderStatic))
        {
            return Fail(TransportFailure.InvalidStaticKey, out failure);
        }

        if (responderStatic == _localStatic.PublicKey)
        {
            return Fail(TransportFailure.ReflectedKey, out failure);
        }

        if (responderStatic != _expectedResponder)
        {
            return Fail(TransportFailure.UnexpectedNodeId, out failure);
        }

        if (!responderStatic.ToXOnly().VerifySchnorr(identity[HandshakeSizes.PublicKey..], responderMessage))
        {
            return Fail(TransportFailure.InvalidSignature, out failure);
        }

        // sig_I covers H("initiator" || h), and h now covers c2 and so S_R: the
        // initiator signs whom it is talking to, which rules out unknown-key-share.
        Span<byte> initiatorMessage = stackalloc byte[KeySizes.Hash];
        _transcript.SignedMessage(HandshakeProtocol.InitiatorRole, initiatorMessage);
        Span<byte> aux = stackalloc byte[KeySizes.Hash];
        _randomness.NextSignatureAuxRandomness(aux);
        _localStatic.PublicKey.WriteCompressed(identity);
        _localStatic.SignSchnorr(initiatorMessage, aux, identity[HandshakeSizes.PublicKey..]);
        CryptographicOperations.ZeroMemory(aux);

        actThree[0] = HandshakeProtocol.Version;
        _transcript.EncryptAndHash(HandshakeProtocol.ActThreeNonce, identity, actThree.Slice(HandshakeSizes.Version, HandshakeSizes.SealedIdentity));
        failure = default;
        return true;
    }

    private static bool Fail(TransportFailure reason, out TransportFailure failure)
    {
        failure = reason;
        return false;
    }
}
