using LnRelay.Crypto;
using LnRelay.Transport.Handshake;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Tests.Handshake;

/// <summary>
/// docs/transport.md "Why it is built this way", at the sans-IO level: every case
/// ends without keys on the refusing side and with the declared reason. The TCP
/// versions (connection closed, reason logged) are in Net/TransportAttackTests.
/// </summary>
public sealed class HandshakeAttackTests
{
    private static readonly PrivateKey Alice = HandshakeHarness.Key(0x11);
    private static readonly PrivateKey Bob = HandshakeHarness.Key(0x21);
    private static readonly PrivateKey Mallory = HandshakeHarness.Key(0x31);

    [Fact]
    public void ManInTheMiddle_WithOwnKeys_InitiatorRefusesUnexpectedNodeId()
    {
        // Mallory answers Alice's dial to Bob as herself: she can sign only as Mallory.
        var run = HandshakeHarness.Execute(Alice, Mallory, expected: Bob.PublicKey);

        Assert.Equal(TransportFailure.UnexpectedNodeId, run.InitiatorFailure);
        Assert.Null(run.Initiator);
        Assert.Null(run.ActThree);
    }

    [Fact]
    public void ManInTheMiddle_SplicingTwoHandshakes_BreaksTheActKey()
    {
        // Mallory relays Bob's act two but swaps in her own ephemeral key: the act key
        // Alice derives is not the one c2 was sealed under.
        using var mallorysEphemeral = HandshakeHarness.Key(0x32);
        var run = HandshakeHarness.Execute(Alice, Bob, tamperTwo: act =>
        {
            mallorysEphemeral.PublicKey.WriteCompressed(act.AsSpan(HandshakeSizes.Version, HandshakeSizes.PublicKey));
            return act;
        });

        Assert.Equal(TransportFailure.ActDecryptionFailed, run.InitiatorFailure);
    }

    [Fact]
    public void GenuineNode_NotTheOneDialled_InitiatorRefuses()
    {
        var run = HandshakeHarness.Execute(Alice, Bob, expected: Mallory.PublicKey);

        Assert.Equal(TransportFailure.UnexpectedNodeId, run.InitiatorFailure);
    }

    [Fact]
    public void InitiatorRefusedByAuthorizer_ResponderRefusesNotAuthorized()
    {
        PublicKey? asked = null;
        var run = HandshakeHarness.Execute(Alice, Bob, authorize: id =>
        {
            asked = id;
            return false;
        });

        Assert.Equal(TransportFailure.NotAuthorized, run.ResponderFailure);
        Assert.Equal(Alice.PublicKey, asked);
        Assert.Null(run.Responder);
    }

    [Fact]
    public void ReplayedActTwo_FromAnEarlierHandshake_InitiatorRefuses()
    {
        var recorded = HandshakeHarness.Execute(Alice, Bob);

        var run = HandshakeHarness.Execute(Alice, Bob, tamperTwo: _ => recorded.ActTwo!);

        Assert.Equal(TransportFailure.ActDecryptionFailed, run.InitiatorFailure);
    }

    [Fact]
    public void ReplayedActThree_FromAnEarlierHandshake_ResponderRefuses()
    {
        var recorded = HandshakeHarness.Execute(Alice, Bob);

        var run = HandshakeHarness.Execute(Alice, Bob, tamperThree: _ => recorded.ActThree!);

        Assert.Equal(TransportFailure.ActDecryptionFailed, run.ResponderFailure);
    }

    [Fact]
    public void WholeRecordedHandshake_ReplayedToResponder_ResponderRefuses()
    {
        var recorded = HandshakeHarness.Execute(Alice, Bob);
        using var responder = new ResponderHandshake(Bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
        var actTwo = new byte[HandshakeSizes.ActTwo];

        // Act one replays fine (it is just an ephemeral key), but the responder's fresh
        // ephemeral key makes a new act key, so the recorded act three cannot open.
        Assert.True(responder.TryReadActOne(recorded.ActOne, actTwo, out _));
        Assert.False(responder.TryReadActThree(recorded.ActThree!, HandshakeHarness.AllowAll, out var result, out var failure));
        Assert.Equal(TransportFailure.ActDecryptionFailed, failure);
        Assert.Null(result);
    }

    [Fact]
    public void InitiatorsOwnEphemeral_ReflectedAsActTwo_InitiatorRefuses()
    {
        byte[]? actOne = null;
        var reflected = HandshakeHarness.Execute(
            Alice,
            Bob,
            tamperOne: act => actOne = act,
            tamperTwo: act =>
            {
                actOne!.AsSpan(HandshakeSizes.Version).CopyTo(act.AsSpan(HandshakeSizes.Version));
                return act;
            });

        Assert.Equal(TransportFailure.ReflectedKey, reflected.InitiatorFailure);
    }

    [Fact]
    public void InitiatorsNodeId_AsResponderEphemeral_InitiatorRefuses()
    {
        var run = HandshakeHarness.Execute(Alice, Bob, tamperTwo: act =>
        {
            Alice.PublicKey.WriteCompressed(act.AsSpan(HandshakeSizes.Version));
            return act;
        });

        Assert.Equal(TransportFailure.ReflectedKey, run.InitiatorFailure);
    }

    [Fact]
    public void RespondersNodeId_AsInitiatorEphemeral_ResponderRefuses()
    {
        var run = HandshakeHarness.Execute(Alice, Bob, tamperOne: act =>
        {
            Bob.PublicKey.WriteCompressed(act.AsSpan(HandshakeSizes.Version));
            return act;
        });

        Assert.Equal(TransportFailure.ReflectedKey, run.ResponderFailure);
    }

    [Fact]
    public void NodeDiallingItself_IsRefusedAsReflection()
    {
        var run = HandshakeHarness.Execute(Alice, Alice);

        Assert.Equal(TransportFailure.ReflectedKey, run.InitiatorFailure);
    }

    public static TheoryData<string, string> InvalidPoints => new()
    {
        // An X with no curve point (x = 5 has no square root of x^3 + 7 mod p).
        { "off curve", "02" + "0000000000000000000000000000000000000000000000000000000000000005" },
        { "x above field size", "02" + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" },
        { "uncompressed prefix", "04" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" },
        { "zero prefix", "00" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" },
        { "prefix 05", "05" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" },
        { "all zero", new string('0', 66) },
    };

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public void InvalidPoint_AsInitiatorEphemeral_ResponderRefuses(string _, string pointHex)
    {
        var run = HandshakeHarness.Execute(Alice, Bob, tamperOne: act =>
        {
            Convert.FromHexString(pointHex).CopyTo(act.AsSpan(HandshakeSizes.Version));
            return act;
        });

        Assert.Equal(TransportFailure.InvalidEphemeralKey, run.ResponderFailure);
    }

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public void InvalidPoint_AsResponderEphemeral_InitiatorRefuses(string _, string pointHex)
    {
        var run = HandshakeHarness.Execute(Alice, Bob, tamperTwo: act =>
        {
            Convert.FromHexString(pointHex).CopyTo(act.AsSpan(HandshakeSizes.Version));
            return act;
        });

        Assert.Equal(TransportFailure.InvalidEphemeralKey, run.InitiatorFailure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(HandshakeSizes.ActOne - 1)]
    [InlineData(HandshakeSizes.ActOne + 1)]
    public void WrongLengthActOne_ResponderRefuses(int length)
    {
        using var responder = new ResponderHandshake(Bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);

        Assert.False(responder.TryReadActOne(new byte[length], new byte[HandshakeSizes.ActTwo], out var failure));
        Assert.Equal(TransportFailure.InvalidActLength, failure);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 0xff)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 0x80)]
    public void UnknownVersionByte_InAnyAct_IsRefused(int act, byte version)
    {
        byte[] SetVersion(byte[] bytes)
        {
            bytes[0] = version;
            return bytes;
        }

        var run = HandshakeHarness.Execute(
            Alice,
            Bob,
            tamperOne: act == 1 ? SetVersion : null,
            tamperTwo: act == 2 ? SetVersion : null,
            tamperThree: act == 3 ? SetVersion : null);

        Assert.Equal(TransportFailure.UnknownVersion, act == 2 ? run.InitiatorFailure : run.ResponderFailure);
    }

    [Fact]
    public void EveryBitOfActOne_Flipped_NoSideCompletes()
    {
        for (var bit = 0; bit < HandshakeSizes.ActOne * 8; bit++)
        {
            var b = bit;
            var run = HandshakeHarness.Execute(Alice, Bob, tamperOne: act => HandshakeHarness.FlipBit(act, b));

            // A flipped X may still be a valid point; then the initiator's act key differs and c2 does not open.
            Assert.True(run.ResponderFailure is not null || run.InitiatorFailure is not null, $"bit {bit}");
            Assert.Null(run.Responder);
            Assert.Null(run.Initiator);
        }
    }

    [Fact]
    public void EveryBitOfActTwo_Flipped_InitiatorRefuses()
    {
        for (var bit = 0; bit < HandshakeSizes.ActTwo * 8; bit++)
        {
            var b = bit;
            var run = HandshakeHarness.Execute(Alice, Bob, tamperTwo: act => HandshakeHarness.FlipBit(act, b));

            Assert.True(run.InitiatorFailure is TransportFailure.UnknownVersion or TransportFailure.InvalidEphemeralKey or TransportFailure.ActDecryptionFailed, $"bit {bit}: {run.InitiatorFailure}");
            Assert.Null(run.ActThree);
        }
    }

    [Fact]
    public void EveryBitOfActThree_Flipped_ResponderRefuses()
    {
        for (var bit = 0; bit < HandshakeSizes.ActThree * 8; bit++)
        {
            var b = bit;
            var run = HandshakeHarness.Execute(Alice, Bob, tamperThree: act => HandshakeHarness.FlipBit(act, b));

            Assert.True(run.ResponderFailure is TransportFailure.UnknownVersion or TransportFailure.ActDecryptionFailed, $"bit {bit}: {run.ResponderFailure}");
            Assert.Null(run.Responder);
        }
    }

    [Fact]
    public void ResponderSignature_ReusedAsInitiatorSignature_IsRefused()
    {
        using var responder = new ResponderHandshake(Bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
        using var mallory = new ScriptedInitiator();
        var actTwo = new byte[HandshakeSizes.ActTwo];
        Assert.True(responder.TryReadActOne(mallory.ActOne, actTwo, out _));
        mallory.ReadActTwo(actTwo);

        // Mallory claims Alice's id and presents a signature she does hold: Bob's sig_R.
        var actThree = mallory.SealActThree(Alice.PublicKey, mallory.ResponderIdentity.AsSpan(HandshakeSizes.PublicKey));

        Assert.False(responder.TryReadActThree(actThree, HandshakeHarness.AllowAll, out _, out var failure));
        Assert.Equal(TransportFailure.InvalidSignature, failure);
    }

    [Fact]
    public void ResponderIdentity_EchoedBackAsInitiator_IsRefusedAsReflection()
    {
        using var responder = new ResponderHandshake(Bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
        using var mallory = new ScriptedInitiator();
        var actTwo = new byte[HandshakeSizes.ActTwo];
        Assert.True(responder.TryReadActOne(mallory.ActOne, actTwo, out _));
        mallory.ReadActTwo(actTwo);

        var actThree = mallory.SealActThree(Bob.PublicKey, mallory.ResponderIdentity.AsSpan(HandshakeSizes.PublicKey));

        Assert.False(responder.TryReadActThree(actThree, HandshakeHarness.AllowAll, out _, out var failure));
        Assert.Equal(TransportFailure.ReflectedKey, failure);
    }

    [Fact]
    public void SignatureWithTheWrongRole_IsRefused()
    {
        using var responder = new ResponderHandshake(Bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
        using var mallory = new ScriptedInitiator();
        var actTwo = new byte[HandshakeSizes.ActTwo];
        Assert.True(responder.TryReadActOne(mallory.ActOne, actTwo, out _));
        mallory.ReadActTwo(actTwo);

        // Mallory holds Mallory's key and signs the right transcript, but as "responder".
        var signature = new byte[KeySizes.SchnorrSignature];
        Mallory.SignSchnorr(mallory.MessageFor(HandshakeProtocol.ResponderRole), signature);
        var actThree = mallory.SealActThree(Mallory.PublicKey, signature);

        Assert.False(responder.TryReadActThree(actThree, HandshakeHarness.AllowAll, out _, out var failure));
        Assert.Equal(TransportFailure.InvalidSignature, failure);
    }

    [Fact]
    public void HonestSignatureThroughScriptedInitiator_IsAccepted()
    {
        // The control for the three tests above: the same path with a correct signature succeeds.
        using var responder = new ResponderHandshake(Bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
        using var mallory = new ScriptedInitiator();
        var actTwo = new byte[HandshakeSizes.ActTwo];
        Assert.True(responder.TryReadActOne(mallory.ActOne, actTwo, out _));
        mallory.ReadActTwo(actTwo);
        var signature = new byte[KeySizes.SchnorrSignature];
        Mallory.SignSchnorr(mallory.MessageFor(HandshakeProtocol.InitiatorRole), signature);

        Assert.True(responder.TryReadActThree(mallory.SealActThree(Mallory.PublicKey, signature), HandshakeHarness.AllowAll, out var result, out _));
        Assert.Equal(Mallory.PublicKey, result!.RemoteNodeId);
    }

    [Fact]
    public void InvalidStaticKey_InsideActThree_IsRefused()
    {
        using var responder = new ResponderHandshake(Bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
        using var mallory = new ScriptedInitiator();
        var actTwo = new byte[HandshakeSizes.ActTwo];
        Assert.True(responder.TryReadActOne(mallory.ActOne, actTwo, out _));
        mallory.ReadActTwo(actTwo);
        var actThree = mallory.SealActThreeRaw(new byte[HandshakeSizes.IdentityPayload]);

        Assert.False(responder.TryReadActThree(actThree, HandshakeHarness.AllowAll, out _, out var failure));
        Assert.Equal(TransportFailure.InvalidStaticKey, failure);
    }
}
