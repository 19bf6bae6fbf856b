using LnRelay.Crypto;
using LnRelay.Transport.Handshake;

namespace LnRelay.Transport.Tests.Handshake;

/// <summary>
/// A dishonest initiator for attack tests: it follows the protocol far enough to
/// hold the real act key k, then seals whatever node id and signature the test
/// chooses into act three (swapped, re-used or mis-roled signatures).
/// </summary>
internal sealed class ScriptedInitiator : IDisposable
{
    private readonly HandshakeTranscript _transcript = new(HandshakeHarness.Network);
    private readonly byte[] _secret = HandshakeHarness.Bytes(0x5a);

    public ScriptedInitiator()
    {
        _ = Secp256k1.TryDerivePublicKey(_secret, out var ephemeral);
        ActOne = new byte[HandshakeSizes.ActOne];
        ephemeral.WriteCompressed(ActOne.AsSpan(HandshakeSizes.Version));
        _transcript.MixHash(ActOne.AsSpan(HandshakeSizes.Version));
    }

    public byte[] ActOne { get; }

    /// <summary>The responder's identity payload (S_R || sig_R), once act two was read.</summary>
    public byte[] ResponderIdentity { get; } = new byte[HandshakeSizes.IdentityPayload];

    public void ReadActTwo(byte[] actTwo)
    {
        var y = actTwo.AsSpan(HandshakeSizes.Version, HandshakeSizes.PublicKey);
        _transcript.MixHash(y);
        Span<byte> shared = stackalloc byte[KeySizes.Hash];
        Assert.True(Secp256k1.TryEcdh(_secret, PublicKey.Parse(y), shared));
        _transcript.MixKey(shared);
        Assert.True(_transcript.TryDecryptAndHash(HandshakeProtocol.ActTwoNonce, actTwo.AsSpan(HandshakeSizes.Version + HandshakeSizes.PublicKey), ResponderIdentity));
    }

    /// <summary>H(role || h) at act three, for signing with a chosen role.</summary>
    public byte[] MessageFor(ReadOnlySpan<byte> role)
    {
        var message = new byte[KeySizes.Hash];
        _transcript.SignedMessage(role, message);
        return message;
    }

    public byte[] SealActThree(PublicKey claimedStatic, ReadOnlySpan<byte> signature)
    {
        var identity = new byte[HandshakeSizes.IdentityPayload];
        claimedStatic.WriteCompressed(identity);
        signature.CopyTo(identity.AsSpan(HandshakeSizes.PublicKey));
        return SealActThreeRaw(identity);
    }

    /// <summary>Seals any 97-byte identity payload, valid or not.</summary>
    public byte[] SealActThreeRaw(byte[] identity)
    {
        var actThree = new byte[HandshakeSizes.ActThree];
        _transcript.EncryptAndHash(HandshakeProtocol.ActThreeNonce, identity, actThree.AsSpan(HandshakeSizes.Version));
        return actThree;
    }

    public void Dispose() => _transcript.Dispose();
}
