using LnRelay.Wire;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// One hop's entry inside <c>hop_payloads</c> (BOLT 4 "Packet Structure"):
/// <c>bigsize(length) || payload (a TLV stream) || hmac (32)</c>. Its total is the
/// "shift size" by which every layer moves the routing info.
/// </summary>
internal static class HopPayloadFraming
{
    /// <summary>bigsize(length) + length + HMAC.</summary>
    public static int EntrySize(int payloadLength) => BigSize.SizeOf((ulong)payloadLength) + payloadLength + OnionPacket.HmacSize;
}
