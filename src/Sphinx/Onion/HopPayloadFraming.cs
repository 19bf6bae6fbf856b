using LnRelay.Wire;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// One hop's entry inside <c>hop_payloads</c> (BOLT 4 "Packet Structure"):
/// <c>bigsize(length) || payload (a TLV stream) || hmac (32)</c>. Its total is the
/// "shift size" by which every layer moves the routing info.
/// </summary>
internal static class HopPayloadFraming
{
    /// <summary>
    /// Lengths 0 (the retired fixed-size "realm 0" format) and 1 are reserved; a hop
    /// refuses them, so the origin never writes them ("Packet Structure", requirements).
    /// </summary>
    public const int MinimumPayloadLength = Payloads.HopPayloadTypes.MinimumPayloadLength;

    /// <summary>bigsize(length) + length + HMAC.</summary>
    public static int EntrySize(int payloadLength) => BigSize.SizeOf((ulong)payloadLength) + payloadLength + OnionPacket.HmacSize;
}
