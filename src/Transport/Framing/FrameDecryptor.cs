using System.Buffers.Binary;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Framing;

/// <summary>
/// The receiving half of a connection's framing, in two steps so that nothing is
/// allocated or awaited for a body before its length is authenticated and bounded
/// (docs/transport.md "Messages after the handshake"; BOLT 8 "Receiving
/// and Decrypting Messages"): <see cref="TryReadHeader"/> on exactly
/// <see cref="FrameSizes.Header"/> bytes, then <see cref="TryReadBody"/> on exactly
/// the body size it returned. Any failure is final: the decryptor refuses all later
/// input, because its nonce no longer matches the sender's.
/// </summary>
internal sealed class FrameDecryptor : IDisposable
{
    private readonly FrameCipherState _cipher;
    private int _expectedBody = -1;
    private bool _failed;

    public FrameDecryptor(FrameCipherState cipher) => _cipher = cipher;

    internal FrameCipherState Cipher => _cipher;

    /// <summary>True between a good header and its body.</summary>
    public bool ExpectsBody => _expectedBody >= 0;

    /// <summary>
    /// Opens lc. On success <paramref name="bodySize"/> is the encrypted body to read
    /// next (message length + tag). Fails with <see cref="TransportFailure.FrameDecryptionFailed"/>
    /// or <see cref="TransportFailure.InvalidFrameLength"/>.
    /// </summary>
    public bool TryReadHeader(ReadOnlySpan<byte> header, out int bodySize, out TransportFailure failure)
    {
        bodySize = 0;
        if (ExpectsBody)
        {
            throw new InvalidOperationException("A body is due before the next header.");
        }

        if (_failed || header.Length != FrameSizes.Header)
        {
            return Fail(TransportFailure.FrameDecryptionFailed, out failure);
        }

        Span<byte> length = stackalloc byte[FrameSizes.Length];
        if (!_cipher.TryDecrypt(header, length))
        {
            return Fail(TransportFailure.FrameDecryptionFailed, out failure);
        }

        int messageLength = BinaryPrimitives.ReadUInt16BigEndian(length);
        if (messageLength < FrameSizes.MinMessage)
        {
            return Fail(TransportFailure.InvalidFrameLength, out failure);
        }

        bodySize = messageLength + FrameSizes.Tag;
        _expectedBody = bodySize;
        failure = default;
        return true;
    }

    /// <summary>Opens the body into <paramref name="message"/> (at least body − tag bytes; may be the same memory as the body).</summary>
    public bool TryReadBody(ReadOnlySpan<byte> body, Span<byte> message, out TransportFailure failure)
    {
        if (!ExpectsBody)
        {
            throw new InvalidOperationException("No header was read.");
        }

        if (body.Length != _expectedBody || !_cipher.TryDecrypt(body, message))
        {
            return Fail(TransportFailure.FrameDecryptionFailed, out failure);
        }

        _expectedBody = -1;
        failure = default;
        return true;
    }

    public void Dispose() => _cipher.Dispose();

    private bool Fail(TransportFailure reason, out TransportFailure failure)
    {
        _failed = true;
        _expectedBody = -1;
        failure = reason;
        return false;
    }
}
