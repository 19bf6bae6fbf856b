using System.Buffers.Binary;
using LnRelay.Crypto;
using LnRelay.Transport.Framing;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Tests.Framing;

public sealed class FrameCipherTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(1500)]
    [InlineData(65535)]
    public void RoundTrip_AnyLegalLength(int length)
    {
        using var pair = new FramePair();
        var message = new byte[length];
        new Random(length).NextBytes(message);

        var frame = pair.Seal(message);

        Assert.Equal(FrameSizes.Header + length + FrameSizes.Tag, frame.Length);
        Assert.Null(pair.Open(frame, out var opened));
        Assert.Equal(message, opened);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65536)]
    public void Encrypt_IllegalLength_IsACallerBug(int length)
    {
        using var pair = new FramePair();

        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Sender.Encrypt(new byte[length], new byte[FrameSizes.MaxFrame + 16]));
    }

    [Fact]
    public void HeaderSize_Is18AndMaxFrameIs65569()
    {
        Assert.Equal(18, FrameSizes.Header);
        Assert.Equal(2 + 16 + 65535 + 16, FrameSizes.MaxFrame);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ForgedShortLength_AuthenticatedButBelowTheType_IsRefused(int length)
    {
        using var pair = new FramePair();
        var frame = new byte[FrameSizes.FrameFor(length)];
        pair.Sender.EncryptUnchecked(new byte[length], frame);

        Assert.False(pair.Receiver.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out _, out var failure));
        Assert.Equal(TransportFailure.InvalidFrameLength, failure);
    }

    [Fact]
    public void LengthHeader_IsCheckedBeforeAnyBody()
    {
        // A frame whose header claims 65535 bytes but was tampered with: the receiver
        // refuses on the 18 header bytes alone, before reading or allocating a body.
        using var pair = new FramePair();
        var frame = pair.Seal(new byte[65535]);
        frame[0] ^= 0x01;

        Assert.False(pair.Receiver.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out var bodySize, out var failure));
        Assert.Equal(TransportFailure.FrameDecryptionFailed, failure);
        Assert.Equal(0, bodySize);
    }

    [Fact]
    public void Rotation_At999And1000And1001_FollowsHkdfOfChainingKeyAndKey()
    {
        using var pair = new FramePair();
        var key = Enumerable.Repeat((byte)0x41, 32).ToArray();
        var ck = Enumerable.Repeat((byte)0x42, 32).ToArray();
        var message = "hello"u8.ToArray();
        var frame = new byte[FrameSizes.FrameFor(message.Length)];

        for (var i = 0; i < 499; i++)
        {
            pair.Sender.Encrypt(message, frame);
        }

        Assert.Equal(998UL, pair.Sender.Cipher.Nonce);
        Assert.True(pair.Sender.Cipher.Key.SequenceEqual(key));

        // Message 499 uses nonces 998 (header) and 999 (body); reaching 1000 rotates.
        pair.Sender.Encrypt(message, frame);
        var rotatedCk = new byte[32];
        var rotatedKey = new byte[32];
        Hkdf.DeriveTwoKeys(ck, key, rotatedCk, rotatedKey);
        Assert.Equal(0UL, pair.Sender.Cipher.Nonce);
        Assert.True(pair.Sender.Cipher.Key.SequenceEqual(rotatedKey));
        Assert.True(pair.Sender.Cipher.ChainingKey.SequenceEqual(rotatedCk));

        pair.Sender.Encrypt(message, frame);
        Assert.Equal(2UL, pair.Sender.Cipher.Nonce);
    }

    [Fact]
    public void Receiver_FollowsRotation_Through1002Messages()
    {
        using var pair = new FramePair();
        var message = new byte[] { 0x00, 0x12, 0x34 };
        for (var i = 0; i < 1002; i++)
        {
            Assert.Null(pair.Open(pair.Seal(message), out var opened));
            Assert.Equal(message, opened);
        }

        Assert.Equal(pair.Sender.Cipher.Nonce, pair.Receiver.Cipher.Nonce);
    }

    /// <summary>
    /// Long messages (an update_add_htlc, the largest message) across the key rotation: every frame is what an
    /// independent BOLT 8 sender built from .NET's ChaCha20Poly1305 and HKDF would send, and the other side
    /// opens it. The long bodies go through OpenSSL's kept context on Linux, so this covers a new context for
    /// each rotated key.
    /// </summary>
    [Theory]
    [InlineData(1452)]
    [InlineData(65535)]
    public void LongMessages_AcrossTheRotation_AreWhatAReferenceSenderSends(int length)
    {
        using var pair = new FramePair();
        var key = Enumerable.Repeat((byte)0x41, 32).ToArray();
        var ck = Enumerable.Repeat((byte)0x42, 32).ToArray();
        var reference = new System.Security.Cryptography.ChaCha20Poly1305(key);
        ulong nonce = 0;
        var random = new Random(length);
        for (var i = 0; i < 502; i++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            var expected = new byte[FrameSizes.FrameFor(length)];
            var header = new byte[FrameSizes.Length];
            BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)length);
            SealReference(header, expected.AsSpan(0, FrameSizes.Header));
            SealReference(message, expected.AsSpan(FrameSizes.Header));

            var frame = pair.Seal(message);

            Assert.True(expected.AsSpan().SequenceEqual(frame), $"message {i}");
            Assert.Null(pair.Open(frame, out var opened));
            Assert.Equal(message, opened);
        }

        reference.Dispose();

        void SealReference(ReadOnlySpan<byte> plaintext, Span<byte> destination)
        {
            var n = new byte[12];
            BinaryPrimitives.WriteUInt64LittleEndian(n.AsSpan(4), nonce);
            reference.Encrypt(n, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, FrameSizes.Tag));
            if (++nonce == FrameCipherState.RotationNonce)
            {
                Hkdf.DeriveTwoKeys(ck, key, ck, key);
                reference.Dispose();
                reference = new System.Security.Cryptography.ChaCha20Poly1305(key);
                nonce = 0;
            }
        }
    }

    [Fact]
    public void LongBody_Tampered_IsRefusedAndNothingDelivered()
    {
        using var pair = new FramePair();
        var message = new byte[1452];
        new Random(1452).NextBytes(message);
        var frame = pair.Seal(message);
        frame[FrameSizes.Header + 700] ^= 0x20;

        Assert.True(pair.Receiver.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out var bodySize, out _));
        var delivered = new byte[message.Length];
        Assert.False(pair.Receiver.TryReadBody(frame.AsSpan(FrameSizes.Header, bodySize), delivered, out var failure));
        Assert.Equal(TransportFailure.FrameDecryptionFailed, failure);
        Assert.All(delivered, b => Assert.Equal(0, b));
    }

    [Fact]
    public void SteadyState_EncryptAndDecrypt_AllocateNothing()
    {
        using var pair = new FramePair();
        var message = new byte[1500];
        var frame = new byte[FrameSizes.FrameFor(message.Length)];
        var plain = new byte[message.Length];
        void RoundTrip()
        {
            pair.Sender.Encrypt(message, frame);
            Assert.True(pair.Receiver.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out var bodySize, out _));
            Assert.True(pair.Receiver.TryReadBody(frame.AsSpan(FrameSizes.Header, bodySize), plain, out _));
        }

        RoundTrip();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 400; i++)
        {
            RoundTrip();
        }

        // 401 messages stay below the first rotation (at message 500), the only allocation.
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Header_DecryptsToBigEndianLength()
    {
        using var pair = new FramePair();
        var frame = pair.Seal(new byte[0x1234]);
        using var cipher = new FrameCipherState(Enumerable.Repeat((byte)0x41, 32).ToArray(), Enumerable.Repeat((byte)0x42, 32).ToArray());
        var length = new byte[FrameSizes.Length];

        Assert.True(cipher.TryDecrypt(frame.AsSpan(0, FrameSizes.Header), length));
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(length));
    }
}
