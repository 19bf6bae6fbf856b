using LnRelay.Transport.Framing;

namespace LnRelay.Transport.Tests.Framing;

/// <summary>Two directions' frame ciphers over fixed keys, as a handshake would leave them.</summary>
internal sealed class FramePair : IDisposable
{
    public FramePair(byte keyFill = 0x41, byte chainFill = 0x42)
    {
        var key = Enumerable.Repeat(keyFill, 32).ToArray();
        var ck = Enumerable.Repeat(chainFill, 32).ToArray();
        Sender = new FrameEncryptor(new FrameCipherState(key, ck));
        Receiver = new FrameDecryptor(new FrameCipherState(key, ck));
    }

    public FrameEncryptor Sender { get; }

    public FrameDecryptor Receiver { get; }

    public byte[] Seal(byte[] message)
    {
        var frame = new byte[FrameSizes.FrameFor(message.Length)];
        Sender.Encrypt(message, frame);
        return frame;
    }

    /// <summary>Feeds one whole frame to the receiver: null on success, else the failure.</summary>
    public LnRelay.Transport.Net.TransportFailure? Open(byte[] frame, out byte[] message)
    {
        message = [];
        if (frame.Length < FrameSizes.Header)
        {
            return LnRelay.Transport.Net.TransportFailure.TruncatedFrame;
        }

        if (!Receiver.TryReadHeader(frame.AsSpan(0, FrameSizes.Header), out var bodySize, out var failure))
        {
            return failure;
        }

        if (frame.Length - FrameSizes.Header != bodySize)
        {
            return LnRelay.Transport.Net.TransportFailure.TruncatedFrame;
        }

        message = new byte[bodySize - FrameSizes.Tag];
        return Receiver.TryReadBody(frame.AsSpan(FrameSizes.Header), message, out failure) ? null : failure;
    }

    public void Dispose()
    {
        Sender.Dispose();
        Receiver.Dispose();
    }
}
