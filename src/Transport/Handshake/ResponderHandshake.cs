using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Transport.Net;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Transport.Handshake;

/// <summary>
/// The responder's side of the STS handshake as a sans-IO state machine
/// (docs/transport.md "Handshake"): <see cref="TryReadActOne"/> (34 bytes in, 147 bytes
/// of act two out), then <see cref="TryReadActThree"/> (114 bytes in). The
/// responder learns who is calling only from act three, and asks the caller's
/// authorizer before it spends a signature verification on the claim.
/// </summary>
internal sealed class ResponderHandshake : IDisposable
{
    private readonly PrivateKey _localStatic;
    private readonly IHandshakeRandomness _randomness;
    private readonly HandshakeTranscript _transcript;
    private Step _step;

    public ResponderHandshake(PrivateKey localStatic, string networkName, IHandshakeRandomness randomness)
    {
        _localStatic = localStatic;
        _randomness = randomness;
        _transcript = new HandshakeTranscript(networkName);
    }

    private enum Step
    {
        ActOne,
        ActThree,
        Done,
    }

    /// <summary>The running transcript (read by the known-answer vectors).</summary>
    internal HandshakeTranscript Transcript => _transcript;

    /// <summary>Reads act one (version, X) and, on success, writes act two into <paramref name="actTwo"/>.</summary>
    public bool TryReadActOne(ReadOnlySpan<byte> actOne, Span<byte> actTwo, out TransportFailure failure)
    {
        if (_step != Step.ActOne || actTwo.Length < HandshakeSizes.ActTwo)
        {
            throw new InvalidOperationException("Act one is read once, first, with 147 bytes for act two.");
        }

        _step = Step.ActThree;
        if (TryReadActOneCore(actOne, actTwo, out failure))
        {
            return true;
        }

        _step = Step.Done;
        _transcript.Dispose();
        return false;
    }

    /// <summary>
    /// Reads act three: opens c3, asks <paramref name="authorize"/> whether S_I may
    /// connect, and verifies sig_I. On success <paramref name="result"/> holds the keys.
    /// </summary>
    public bool TryReadActThree(ReadOnlySpan<byte> actThree, Func<PublicKey, bool> authorize, out HandshakeResult? result, out TransportFailure failure)
    {
        if (_step != Step.ActThree)
        {
            throw new InvalidOperationException("Act three is read once, after act one.");
        }

        _step = Step.Done;
        result = null;
        var ok = TryReadActThreeCore(actThree, authorize, out var initiatorStatic, out failure);
        if (ok)
        {
            result = new HandshakeResult(_transcript, isInitiator: false, initiatorStatic);
        }

        _transcript.Dispose();
        return ok;
    }

    public void Dispose() => _transcript.Dispose();

    private bool TryReadActOneCore(ReadOnlySpan<byte> actOne, Span<byte> actTwo, out TransportFailure failure)
    {
        if (actOne.Length != HandshakeSizes.ActOne)
        {
            return Fail(TransportFailure.InvalidActLength, out failure);
        }

        if (actOne[0] != HandshakeProtocol.Version)
        {
            return Fail(TransportFailure.UnknownVersion, out failure);
        }

        var initiatorEphemeralBytes = actOne[HandshakeSizes.Version..];
        if (!PublicKey.TryParse(initiatorEphemeralBytes, out var initiatorEphemeral))
        {
            return Fail(TransportFailure.InvalidEphemeralKey, out failure);
        }

        // Our own node id offered as X is not an ephemeral key anyone should send us.
        if (initiatorEphemeral == _localStatic.PublicKey)
        {
            return Fail(TransportFailure.ReflectedKey, out failure);
        }

        _transcript.MixHash(initiatorEphemeralBytes);

        var responderEphemeralBytes = actTwo.Slice(HandshakeSizes.Version, HandshakeSizes.PublicKey);
        Span<byte> ephemeralSecret = stackalloc byte[KeySizes.SecretKey];
        try
        {
            _randomness.NextEphemeralSecret(ephemeralSecret);
            if (!Secp256k1.TryDerivePublicKey(ephemeralSecret, out var responderEphemeral))
            {
                throw new InvalidOperationException("The randomness source returned an invalid secret.");
            }

            responderEphemeral.WriteCompressed(responderEphemeralBytes);
            _transcript.MixHash(responderEphemeralBytes);
            if (!_transcript.TryMixSharedSecret(ephemeralSecret, initiatorEphemeral))
            {
                return Fail(TransportFailure.InvalidEphemeralKey, out failure);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralSecret);
        }

        // sig_R = SIGN(s_R, H("responder" || h)), h covering label, prologue, X and Y.
        Span<byte> message = stackalloc byte[KeySizes.Hash];
        _transcript.SignedMessage(HandshakeProtocol.ResponderRole, message);
        Span<byte> aux = stackalloc byte[KeySizes.Hash];
        _randomness.NextSignatureAuxRandomness(aux);
        Span<byte> identity = stackalloc byte[HandshakeSizes.IdentityPayload];
        _localStatic.PublicKey.WriteCompressed(identity);
        _localStatic.SignSchnorr(message, aux, identity[HandshakeSizes.PublicKey..]);
        CryptographicOperations.ZeroMemory(aux);

        actTwo[0] = HandshakeProtocol.Version;
        _transcript.EncryptAndHash(
            HandshakeProtocol.ActTwoNonce,
            identity,
            actTwo.Slice(HandshakeSizes.Version + HandshakeSizes.PublicKey, HandshakeSizes.SealedIdentity));
        failure = default;
        return true;
    }

    private bool TryReadActThreeCore(ReadOnlySpan<byte> actThree, Func<PublicKey, bool> authorize, out PublicKey initiatorStatic, out TransportFailure failure)
    {
        initiatorStatic = default;
        if (actThree.Length != HandshakeSizes.ActThree)
        {
            return Fail(TransportFailure.InvalidActLength, out failure);
        }

        if (actThree[0] != HandshakeProtocol.Version)
        {
            return Fail(TransportFailure.UnknownVersion, out failure);
        }

        // sig_I covers H("initiator" || h) with h before c3 is mixed in.
        Span<byte> message = stackalloc byte[KeySizes.Hash];
        _transcript.SignedMessage(HandshakeProtocol.InitiatorRole, message);

        Span<byte> identity = stackalloc byte[HandshakeSizes.IdentityPayload];
        if (!_transcript.TryDecryptAndHash(HandshakeProtocol.ActThreeNonce, actThree[HandshakeSizes.Version..], identity))
        {
            return Fail(TransportFailure.ActDecryptionFailed, out failure);
        }

        if (!PublicKey.TryParse(identity[..HandshakeSizes.PublicKey], out initiatorStatic))
        {
            return Fail(TransportFailure.InvalidStaticKey, out failure);
        }

        if (initiatorStatic == _localStatic.PublicKey)
        {
            return Fail(TransportFailure.ReflectedKey, out failure);
        }

        // docs/transport.md "Act three" order: authorize, then verify. An unknown node costs us no verification.
        if (!authorize(initiatorStatic))
        {
            return Fail(TransportFailure.NotAuthorized, out failure);
        }

        if (!initiatorStatic.ToXOnly().VerifySchnorr(identity[HandshakeSizes.PublicKey..], message))
        {
            return Fail(TransportFailure.InvalidSignature, out failure);
        }

        failure = default;
        return true;
    }

    private static bool Fail(TransportFailure reason, out TransportFailure failure)
    {
        failure = reason;
        return false;
    }
}
