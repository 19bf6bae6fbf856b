using LnRelay.Wire;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// Gives every blob of a path one length (BOLT 4 "Route Blinding": the writer SHOULD pad,
/// so blob sizes do not tell a payer which hop is the recipient or a dummy). Each hop's
/// existing padding is dropped, then a <c>padding</c> record is added so every encoding has
/// the length of the longest, or a little more when one hop would need a padding record of
/// an impossible size (a record takes at least 2 bytes, so a 1-byte gap cannot be filled).
/// </summary>
public static class RecipientDataPadding
{
    /// <summary>The hops' data, each with the padding that makes all encodings the same length.</summary>
    public static IReadOnlyList<RecipientData> PadToSameLength(IReadOnlyList<RecipientData> hops)
    {
        var bare = hops.Select(h => h with { PaddingLength = null }).ToArray();
        var lengths = bare.Select(h => h.Encode().Length).ToArray();
        var target = lengths.Length == 0 ? 0 : lengths.Max();
        while (!lengths.All(length => CanFill(target - length)))
        {
            target++;
        }

        return [.. bare.Select((hop, i) => target == lengths[i] ? hop : hop with { PaddingLength = PaddingValueLength(target - lengths[i]) })];
    }

    /// <summary>A gap of 0 needs nothing; otherwise a padding record (type 1, BigSize length, zeros) must take exactly the gap.</summary>
    private static bool CanFill(int gap) => gap == 0 || PaddingValueLength(gap) >= 0;

    /// <summary>The value length whose record takes exactly <paramref name="gap"/> bytes, or -1.</summary>
    private static int PaddingValueLength(int gap)
    {
        for (var prefix = 1; prefix <= BigSize.MaxSize; prefix++)
        {
            var value = gap - BigSize.SizeOf(RecipientDataTypes.Padding) - prefix;
            if (value >= 0 && BigSize.SizeOf((ulong)value) == prefix)
            {
                return value;
            }
        }

        return -1;
    }
}
