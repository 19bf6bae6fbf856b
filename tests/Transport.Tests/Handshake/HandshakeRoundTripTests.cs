using LnRelay.Transport.Handshake;

namespace LnRelay.Transport.Tests.Handshake;

public sealed class HandshakeRoundTripTests
{
    [Fact]
    public void FreshKeys_BothSidesAgreeOnHashAndKeys()
    {
        using var initiatorKey = HandshakeHarness.Key(0x11);
        using var responderKey = HandshakeHarness.Key(0x21);

        var run = HandshakeHarness.Execute(initiatorKey, responderKey);

        Assert.NotNull(run.Initiator);
        Assert.NotNull(run.Responder);
        Assert.Equal(run.Initiator.HandshakeHash, run.Responder.HandshakeHash);
        Assert.True(run.Initiator.SendKey.SequenceEqual(run.Responder.ReceiveKey));
        Assert.True(run.Initiator.ReceiveKey.SequenceEqual(run.Responder.SendKey));
        Assert.False(run.Initiator.SendKey.SequenceEqual(run.Initiator.ReceiveKey));
        Assert.True(run.Initiator.ChainingKey.SequenceEqual(run.Responder.ChainingKey));
        Assert.Equal(responderKey.PublicKey, run.Initiator.RemoteNodeId);
        Assert.Equal(initiatorKey.PublicKey, run.Responder.RemoteNodeId);
    }

    [Fact]
    public void ActSizes_AreTheFixedSizesOfTheSpec()
    {
        using var initiatorKey = HandshakeHarness.Key(0x11);
        using var responderKey = HandshakeHarness.Key(0x21);

        var run = HandshakeHarness.Execute(initiatorKey, responderKey);

        Assert.Equal(34, run.ActOne.Length);
        Assert.Equal(147, run.ActTwo!.Length);
        Assert.Equal(114, run.ActThree!.Length);
        Assert.Equal(HandshakeSizes.ActOne, run.ActOne.Length);
    }

    [Fact]
    public void TwoHandshakes_SameKeys_GiveDifferentSessionKeys()
    {
        using var initiatorKey = HandshakeHarness.Key(0x11);
        using var responderKey = HandshakeHarness.Key(0x21);

        var first = HandshakeHarness.Execute(initiatorKey, responderKey);
        var second = HandshakeHarness.Execute(initiatorKey, responderKey);

        Assert.False(first.Initiator!.SendKey.SequenceEqual(second.Initiator!.SendKey));
    }

    [Fact]
    public void DifferentNetworkNames_NeverComplete()
    {
        using var initiatorKey = HandshakeHarness.Key(0x11);
        using var responderKey = HandshakeHarness.Key(0x21);

        var run = HandshakeHarness.Execute(initiatorKey, responderKey, initiatorNetwork: "mainnet-sim", responderNetwork: "testnet-sim");

        Assert.Equal(LnRelay.Transport.Net.TransportFailure.ActDecryptionFailed, run.InitiatorFailure);
        Assert.Null(run.Responder);
    }

    [Fact]
    public void CreateFraming_WipesTheResultKeys()
    {
        using var initiatorKey = HandshakeHarness.Key(0x11);
        using var responderKey = HandshakeHarness.Key(0x21);
        var run = HandshakeHarness.Execute(initiatorKey, responderKey);

        var (encryptor, decryptor) = run.Initiator!.CreateFraming();
        using (encryptor)
        using (decryptor)
        {
            Assert.True(run.Initiator.SendKey.IndexOfAnyExcept((byte)0) < 0);
            Assert.True(run.Initiator.ChainingKey.IndexOfAnyExcept((byte)0) < 0);
        }
    }
}
