using LnRelay.Transport.Framing;
using LnRelay.Transport.Net;
using LnRelay.Transport.Tests.Handshake;

namespace LnRelay.Transport.Tests.Framing;

/// <summary>docs/transport.md "Why it is built this way", the frame half: nothing tampered is ever delivered.</summary>
public sealed class FrameAttackTests
{
    private static readonly byte[] Message = [0x00, 0x12, 0xab, 0xcd, 0xef];

    [Fact]
    public void EveryBitOfAFrame_Flipped_IsRefusedAndNothingDelivered()
    {
        var frameBits = FrameSizes.FrameFor(Message.Length) * 8;
        for (var bit = 0; bit < frameBits; bit++)
        {
            using var pair = new FramePair();
            var frame = HandshakeHarness.FlipBit(pair.Seal(Message), bit);

            var failure = pair.Open(frame, out var delivered);

            // A flipped header fails its tag; a flipped body fails its tag. Either way no message.
            Assert.True(failure is TransportFailure.FrameDecryptionFailed, $"bit {bit}: {failure}");
            Assert.NotEqual(Message, delivered);
        }
    }

    [Fact]
    public void FrameCutAtEveryBoundary_NeverDelivers()
    {
        for (var cut = 0; cut < FrameSizes.FrameFor(Message.Length); cut++)
        {
            using var pair = new FramePair();
            var frame = pair.Seal(Message)[..cut];

            Assert.NotNull(pair.Open(frame, out _));
        }
    }

    [Fact]
    public void ReplayedFrame_IsRefused()
    {
        using var pair = new FramePair();
        var first = pair.Seal(Message);
        Assert.Null(pair.Open(first, out _));

        Assert.Equal(TransportFailure.FrameDecryptionFailed, pair.Open(first, out _));
    }

    [Fact]
    public void ReorderedFrames_AreRefused()
    {
        using var pair = new FramePair();
        _ = pair.Seal(Message);
        var second = pair.Seal(Message);

        Assert.Equal(TransportFailure.FrameDecryptionFailed, pair.Open(second, out _));
    }

    [Fact]
    public void FrameFromTheOtherDirection_IsRefused()
    {
        // A real handshake gives the two directions different keys: reflect a frame back to its sender.
        using var alice = HandshakeHarness.Key(0x11);
        using var bob = HandshakeHarness.Key(0x21);
        var run = HandshakeHarness.Execute(alice, bob);
        var (aliceSend, aliceReceive) = run.Initiator!.CreateFraming();
        using (aliceSend)
        using (aliceReceive)
        {
            var frame = new byte[FrameSizes.FrameFor(Message.Length)];
            aliceSend.Encrypt(Message, frame);

            Assert.False(aliceReceive.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out _, out var failure));
            Assert.Equal(TransportFailure.FrameDecryptionFailed, failure);
        }
    }

    [Fact]
    public void FrameFromAnotherConnection_IsRefused()
    {
        using var alice = HandshakeHarness.Key(0x11);
        using var bob = HandshakeHarness.Key(0x21);
        var first = HandshakeHarness.Execute(alice, bob);
        var second = HandshakeHarness.Execute(alice, bob);
        var (firstSend, firstReceive) = first.Initiator!.CreateFraming();
        var (secondSend, secondReceive) = second.Responder!.CreateFraming();
        using (firstSend)
        using (firstReceive)
        using (secondSend)
        using (secondReceive)
        {
            var frame = new byte[FrameSizes.FrameFor(Message.Length)];
            firstSend.Encrypt(Message, frame);

            Assert.False(secondReceive.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out _, out var failure));
            Assert.Equal(TransportFailure.FrameDecryptionFailed, failure);
        }
    }

    [Fact]
    public void AfterAFailure_EvenGenuineFramesAreRefused()
    {
        using var pair = new FramePair();
        var genuine = pair.Seal(Message);
        Assert.NotNull(pair.Open(HandshakeHarness.FlipBit(genuine, 3), out _));

        Assert.Equal(TransportFailure.FrameDecryptionFailed, pair.Open(genuine, out _));
    }

    [Fact]
    public void FramesAcrossTheRotationBoundary_CannotBeReplayedAfterIt()
    {
        // Frame 0 under the first key, replayed at message 500 (first under the rotated key).
        using var pair = new FramePair();
        var frameZero = pair.Seal(Message);
        Assert.Null(pair.Open(frameZero, out _));
        for (var i = 1; i < 500; i++)
        {
            Assert.Null(pair.Open(pair.Seal(Message), out _));
        }

        Assert.Equal(0UL, pair.Receiver.Cipher.Nonce);
        Assert.Equal(TransportFailure.FrameDecryptionFailed, pair.Open(frameZero, out _));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void RandomBytes_IntoTheDecoder_OnlyDeclaredOutcomes(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3000; i++)
        {
            using var pair = new FramePair();
            var header = new byte[random.Next(4) == 0 ? random.Next(40) : FrameSizes.Header];
            random.NextBytes(header);
            if (pair.Receiver.TryReadHeader(header, out var bodySize, out var failure))
            {
                // 2^-128: a random header authenticating would be a broken AEAD.
                Assert.Fail($"random header authenticated (body {bodySize})");
            }

            Assert.Equal(TransportFailure.FrameDecryptionFailed, failure);
        }

        // Genuine headers followed by random bodies.
        for (var i = 0; i < 500; i++)
        {
            using var pair = new FramePair();
            var frame = pair.Seal(new byte[random.Next(2, 300)]);
            Assert.True(pair.Receiver.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out var bodySize, out _));
            var body = new byte[random.Next(3) == 0 ? random.Next(bodySize + 20) : bodySize];
            random.NextBytes(body);

            Assert.False(pair.Receiver.TryReadBody(body, new byte[Math.Max(body.Length, bodySize)], out var failure));
            Assert.Equal(TransportFailure.FrameDecryptionFailed, failure);
        }
    }
}
