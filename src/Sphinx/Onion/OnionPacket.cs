using LnRelay.Crypto;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// The BOLT 4 <c>onion_routing_packet</c> layout ("Packet Structure"): fixed size, no
/// length prefix, so an observer cannot tell how many hops remain.
/// <code>
/// version (1) | public_key (33) | hop_payloads (1300) | hmac (32)   = 1366 bytes
/// </code>
/// Every size is named once here; offsets and totals are built from them.
/// </summary>
public static class OnionPacket
{
    /// <summary>The only version this implementation (and the spec) knows.</summary>
    public const byte CurrentVersion = 0x00;

    public const int VersionSize = 1;

    /// <summary>The compressed ephemeral public key of the receiving hop.</summary>
    public const int PublicKeySize = KeySizes.CompressedPublicKey;

    /// <summary><c>hop_payloads</c>: every hop's entry followed by filler.</summary>
    public const int RoutingInfoSize = 1300;

    public const int HmacSize = KeySizes.Hash;

    public const int Size = VersionSize + PublicKeySize + RoutingInfoSize + HmacSize;

    public const int VersionOffset = 0;
    public const int PublicKeyOffset = VersionOffset + VersionSize;
    public const int RoutingInfoOffset = PublicKeyOffset + PublicKeySize;
    public const int HmacOffset = RoutingInfoOffset + RoutingInfoSize;

    /// <summary>
    /// A hop de-obfuscates <c>hop_payloads || 1300 zero bytes</c> ("Onion Decryption"), so
    /// the rho stream is twice the routing info; the second half becomes the tail the
    /// next hop receives, which the origin pre-computes as filler.
    /// </summary>
    internal const int StreamSize = 2 * RoutingInfoSize;

    /// <summary>The bytes a hop covers with its HMAC: <c>hop_payloads</c>, then the associated data.</summary>
    internal static ReadOnlySpan<byte> RoutingInfo(ReadOnlySpan<byte> packet) => packet.Slice(RoutingInfoOffset, RoutingInfoSize);

    internal static ReadOnlySpan<byte> EphemeralKey(ReadOnlySpan<byte> packet) => packet.Slice(PublicKeyOffset, PublicKeySize);

    internal static ReadOnlySpan<byte> Hmac(ReadOnlySpan<byte> packet) => packet.Slice(HmacOffset, HmacSize);
}
