namespace LnRelay.Sphinx.Onion;

/// <summary>
/// A constructed onion (BOLT 4 "Packet Construction"): the 1366-byte packet for the
/// first hop, and the shared secret of every hop in route order, which the origin
/// keeps to decode and attribute a failure coming back (BOLT 4 "Returning Errors").
/// </summary>
public sealed class BuiltOnion
{
    internal BuiltOnion(byte[] packet, byte[][] sharedSecrets)
    {
        Packet = packet;
        SharedSecrets = sharedSecrets;
    }

    /// <summary><see cref="OnionPacket.Size"/> bytes: the <c>onion_routing_packet</c> of the first <c>update_add_htlc</c>.</summary>
    public byte[] Packet { get; }

    /// <summary>32 bytes per hop, hop 0 (the first peer) first.</summary>
    public IReadOnlyList<byte[]> SharedSecrets { get; }
}
