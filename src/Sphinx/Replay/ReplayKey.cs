using System.Buffers.Binary;
using LnRelay.Crypto;

namespace LnRelay.Sphinx.Replay;

/// <summary>
/// What the replay log keeps of an onion: the first 128 bits of SHA256(shared secret),
/// collision-free in practice, half the size of the secret, and useless to decrypt the
/// layer (so a log on disk does not hold secrets). <see cref="High"/> is the first 8 bytes
/// of the digest read little-endian, <see cref="Low"/> the next 8.
/// </summary>
public readonly record struct ReplayKey(ulong High, ulong Low)
{
    /// <summary>Bytes of a key written out (<see cref="WriteTo"/>, <see cref="Read"/>).</summary>
    public const int Size = 2 * sizeof(ulong);

    public static ReplayKey Of(ReadOnlySpan<byte> sharedSecret)
    {
        if (sharedSecret.Length != KeySizes.Hash)
        {
            throw new ArgumentException("A shared secret is 32 bytes.", nameof(sharedSecret));
        }

        Span<byte> digest = stackalloc byte[KeySizes.Hash];
        Hashes.Sha256(sharedSecret, digest);
        return Read(digest[..Size]);
    }

    /// <summary>The key from its <see cref="Size"/> bytes (as <see cref="WriteTo"/> wrote them).</summary>
    public static ReplayKey Read(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size
            ? new ReplayKey(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[sizeof(ulong)..]))
            : throw new ArgumentException($"A replay key is {Size} bytes.", nameof(bytes));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, High);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[sizeof(ulong)..], Low);
    }
}
