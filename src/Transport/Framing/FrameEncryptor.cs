using System.Buffers.Binary;

namespace LnRelay.Transport.Framing;

/// <summary>
/// The sending half of a connection's framing: lc = AEAD(k, n, empty, u16 length),
/// c = AEAD(k, n + 1, empty, message) (docs/transport.md "Messages after the handshake"; BOLT 8 "Encrypting and Sending
/// Messages"). Writes into the caller's buffer and allocates nothing per message.
/// Not thread-safe: the connection serialises senders.
/// </summary>
internal sealed class FrameEncryptor : IDisposable
{
    private readonly FrameCipherState _cipher;

    public FrameEncryptor(FrameCipherState cipher) => _cipher = cipher;

    internal FrameCipherState Cipher => _cipher;

    /// <summary>
    /// Encrypts one message of 2..65535 bytes into <paramref name="destination"/> and
    /// returns the frame size (<see cref="FrameSizes.FrameFor"/>). A message outside
    /// those bounds is the caller's bug, so it throws.
    /// </summary>
    public int Encrypt(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (message.Length is < FrameSizes.MinMessage or > FrameSizes.MaxMessage)
        {
            throw new ArgumentOutOfRangeException(nameof(message), message.Length, "A message is 2..65535 bytes (BOLT 1: 2-byte type, u16 length).");
        }

        var frameLength = FrameSizes.FrameFor(message.Length);
        if (destination.Length < frameLength)
        {
            throw new ArgumentException("Destination is shorter than the frame.", nameof(destination));
        }

        EncryptUnchecked(message, destination);
        return frameLength;
    }

    /// <summary>Encrypts without the BOLT 1 lower bound, so tests can build frames a genuine sender never would (length 0, 1).</summary>
    internal void EncryptUnchecked(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        Span<byte> length = stackalloc byte[FrameSizes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)message.Length));
        _cipher.Encrypt(length, destination[..FrameSizes.Header]);
        _cipher.Encrypt(message, destination.Slice(FrameSizes.Header, message.Length + FrameSizes.Tag));
    }

    public void Dispose() => _cipher.Dispose();
}
