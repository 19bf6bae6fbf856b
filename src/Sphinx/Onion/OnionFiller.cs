using LnRelay.Crypto;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// BOLT 4 "Filler Generation". Each hop shifts the routing info left by its entry
/// and appends zeros before de-obfuscating, so bytes it never received appear at the
/// tail of what it forwards. The origin computes those tails in advance (for every
/// hop but the last) and places them at the end of the innermost layer, so that every
/// hop's HMAC covers exactly what that hop will see.
/// </summary>
internal static class OnionFiller
{
    private const int ChaChaBlock = 64;

    /// <summary>
    /// Writes the filler (length = sum of the entry sizes of hops 0..n-2) into
    /// <paramref name="filler"/>. For hop i, with <c>prev</c> bytes accumulated, the
    /// buffer grows by <c>s_i</c> zero bytes and is XORed with bytes
    /// <c>[1300 - prev, 1300 - prev + length)</c> of hop i's 2600-byte rho stream.
    /// </summary>
    public static void Generate(ReadOnlySpan<byte> rhoKeys, ReadOnlySpan<int> entrySizes, Span<byte> filler)
    {
        // Room for the keystream position's offset inside its first ChaCha20 block.
        Span<byte> window = stackalloc byte[OnionPacket.RoutingInfoSize + ChaChaBlock];
        var length = 0;
        for (var i = 0; i < entrySizes.Length; i++)
        {
            var previous = length;
            length += entrySizes[i];
            filler[previous..length].Clear();

            // Start the stream at the block holding position 1300 - prev rather than
            // generating all 2600 bytes: same bytes, less work.
            var start = OnionPacket.RoutingInfoSize - previous;
            var skip = start % ChaChaBlock;
            var work = window[..(skip + length)];
            work[..skip].Clear();
            filler[..length].CopyTo(work[skip..]);
            ChaCha20Stream.Xor(rhoKeys.Slice(i * OnionKeys.KeySize, OnionKeys.KeySize), default, (uint)(start / ChaChaBlock), work, work);
            work[skip..].CopyTo(filler);
        }
    }
}
