using LnRelay.Transport.Handshake;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Tests.Handshake;

/// <summary>
/// Every parser of network bytes gets a seeded random-input test: seeded random bytes into every handshake parser; only
/// success or a declared <see cref="TransportFailure"/>, never another exception.
/// </summary>
public sealed class HandshakeRandomInputTests
{
    private const int Iterations = 2000;

    private static readonly TransportFailure[] ActOneOutcomes =
        [TransportFailure.InvalidActLength, TransportFailure.UnknownVersion, TransportFailure.InvalidEphemeralKey, TransportFailure.ReflectedKey];

    private static readonly TransportFailure[] ActThreeOutcomes =
        [TransportFailure.InvalidActLength, TransportFailure.UnknownVersion, TransportFailure.ActDecryptionFailed];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomActOne_Responder_OnlyDeclaredOutcomes(int seed)
    {
        var random = new Random(seed);
        using var bob = HandshakeHarness.Key(0x21);
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var act = RandomAct(random, HandshakeSizes.ActOne);
            using var responder = new ResponderHandshake(bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
            if (responder.TryReadActOne(act, new byte[HandshakeSizes.ActTwo], out var failure))
            {
                accepted++;
            }
            else
            {
                Assert.Contains(failure, ActOneOutcomes);
            }
        }

        // Random valid points do get through act one (it carries no authentication): the generator is not degenerate.
        Assert.InRange(accepted, 1, Iterations);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomActThree_AfterGenuineActOne_Responder_OnlyDeclaredOutcomes(int seed)
    {
        var random = new Random(seed);
        using var alice = HandshakeHarness.Key(0x11);
        using var bob = HandshakeHarness.Key(0x21);
        for (var i = 0; i < Iterations / 4; i++)
        {
            using var initiator = new InitiatorHandshake(alice, bob.PublicKey, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
            using var responder = new ResponderHandshake(bob, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
            var actOne = new byte[HandshakeSizes.ActOne];
            initiator.WriteActOne(actOne);
            Assert.True(responder.TryReadActOne(actOne, new byte[HandshakeSizes.ActTwo], out _));

            Assert.False(responder.TryReadActThree(RandomAct(random, HandshakeSizes.ActThree), HandshakeHarness.AllowAll, out _, out var failure));
            Assert.Contains(failure, ActThreeOutcomes);
        }
    }

    [Theory]
    [InlineData(5)]
    public void RandomActTwo_Initiator_OnlyDeclaredOutcomes(int seed)
    {
        var random = new Random(seed);
        using var alice = HandshakeHarness.Key(0x11);
        using var bob = HandshakeHarness.Key(0x21);
        TransportFailure[] allowed = [.. ActThreeOutcomes, TransportFailure.InvalidEphemeralKey, TransportFailure.ReflectedKey];
        for (var i = 0; i < Iterations / 4; i++)
        {
            using var initiator = new InitiatorHandshake(alice, bob.PublicKey, HandshakeHarness.Network, SystemHandshakeRandomness.Instance);
            initiator.WriteActOne(new byte[HandshakeSizes.ActOne]);

            Assert.False(initiator.TryReadActTwo(RandomAct(random, HandshakeSizes.ActTwo), new byte[HandshakeSizes.ActThree], out _, out var failure));
            Assert.Contains(failure, allowed);
        }
    }

    /// <summary>Mostly the right length with version 0 and a plausible key prefix, so the deeper checks get exercised too.</summary>
    private static byte[] RandomAct(Random random, int size)
    {
        var length = random.Next(8) == 0 ? random.Next(size * 2) : size;
        var act = new byte[length];
        random.NextBytes(act);
        if (length > 1 && random.Next(4) != 0)
        {
            act[0] = HandshakeProtocol.Version;
            act[1] = (byte)(2 + random.Next(2));
        }

        return act;
    }
}
