using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LnRelay.Transport.Messages;

/// <summary>
/// A 32-byte <c>channel_id</c> (BOLT 2 "Definition of <c>channel_id</c>"): the key by
/// which channel messages are multiplexed on one connection. All zeros in
/// <c>error</c>/<c>warning</c> means "every channel with this peer" (BOLT 1).
/// Immutable; compares by value.
/// </summary>
public sealed class ChannelId : IEquatable<ChannelId>
{
    private readonly byte[] _bytes;

    private ChannelId(byte[] bytes) => _bytes = bytes;

    /// <summary>The all-zero id: "all channels" in <c>error</c> and <c>warning</c>.</summary>
    public static ChannelId All { get; } = new(new byte[MessageSizes.ChannelId]);

    /// <summary>The 32 bytes (a read-only view).</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The 32 bytes (a read-only view).</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>True for <see cref="All"/>.</summary>
    public bool IsAll => _bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Copies 32 bytes; throws <see cref="ArgumentException"/> for any other length.</summary>
    public static ChannelId FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == MessageSizes.ChannelId
            ? new ChannelId(bytes.ToArray())
            : throw new ArgumentException($"A channel_id is {MessageSizes.ChannelId} bytes, got {bytes.Length}.", nameof(bytes));

    /// <summary>
    /// The simulator's channel id: SHA256 of the big-endian 8-byte <c>short_channel_id</c>
    /// (docs/network-file.md, <c>short_channel_id</c>). There is no funding transaction to derive
    /// the BOLT 2 v1 id from, and a hash keeps ids unique and 32 bytes wide.
    /// </summary>
    public static ChannelId FromShortChannelId(ulong shortChannelId)
    {
        Span<byte> scid = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(scid, shortChannelId);
        return new ChannelId(SHA256.HashData(scid));
    }

    /// <summary>Lowercase hex, the form ids take in logs.</summary>
    public string ToHex() => Convert.ToHexStringLower(_bytes);

    public override string ToString() => ToHex();

    public bool Equals(ChannelId? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as ChannelId);

    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    public static bool operator ==(ChannelId? left, ChannelId? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ChannelId? left, ChannelId? right) => !(left == right);
}
