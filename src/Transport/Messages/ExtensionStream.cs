using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>
/// Reading a message's extension TLV stream (BOLT 1 "Lightning Message Format": the
/// bytes after the known fields). The stream rules are LnRelay.Wire's
/// <see cref="TlvReader"/>; this collects unknown odd records for re-encoding and
/// reads the one record the HTLC removal messages share.
/// </summary>
internal static class ExtensionStream
{
    /// <summary>BOLT 2 <c>update_fulfill_htlc_tlvs</c> and <c>update_fail_htlc_tlvs</c> type 1.</summary>
    public const ulong AttributionDataTlvType = 1;

    private static readonly ulong[] AttributionOnly = [AttributionDataTlvType];

    private static readonly ulong[] PathKeyOnly = [UpdateAddHtlcMessage.PathKeyTlvType];

    /// <summary>For messages that define no extension records: any even record is refused, odd ones are kept.</summary>
    public static bool TryReadUnknownOnly(ReadOnlySpan<byte> stream, int baseOffset, out IReadOnlyList<TlvRecordData> unknownOdd, out TlvFailure failure)
    {
        var kept = new List<TlvRecordData>();
        var reader = new TlvReader(stream, [], baseOffset);
        while (reader.TryRead(out var record))
        {
            kept.Add(record.ToData());
        }

        unknownOdd = kept;
        failure = reader.Failure ?? default;
        return reader.Failure is null;
    }

    /// <summary>
    /// For <c>update_fulfill_htlc</c> and <c>update_fail_htlc</c>: type 1
    /// <c>attribution_data</c> must be exactly <see cref="MessageSizes.AttributionData"/>
    /// bytes (BOLT 2 "Removing an HTLC"; BOLT 4 "Attributable failures").
    /// </summary>
    public static bool TryReadAttribution(
        ReadOnlySpan<byte> stream,
        int baseOffset,
        out ReadOnlyMemory<byte>? attributionData,
        out IReadOnlyList<TlvRecordData> unknownOdd,
        out TlvFailure failure)
    {
        attributionData = null;
        failure = default;
        var kept = new List<TlvRecordData>();
        unknownOdd = kept;
        var reader = new TlvReader(stream, AttributionOnly, baseOffset);
        while (reader.TryRead(out var record))
        {
            if (!record.IsKnown)
            {
                kept.Add(record.ToData());
            }
            else if (record.TryGetFixed(MessageSizes.AttributionData, out var value, out failure))
            {
                attributionData = value.ToArray();
            }
            else
            {
                return false;
            }
        }

        failure = reader.Failure ?? default;
        return reader.Failure is null;
    }

    /// <summary>
    /// For <c>update_add_htlc</c> and lnrelay-experimental <c>update_add_ptlc</c> (docs/ptlc.md):
    /// type 0 <c>blinded_path</c> holds a 33-byte <c>path_key</c> (BOLT 2 "Adding an HTLC");
    /// not checked to be a curve point here.
    /// </summary>
    public static bool TryReadPathKey(
        ReadOnlySpan<byte> stream,
        int baseOffset,
        out ReadOnlyMemory<byte>? pathKey,
        out IReadOnlyList<TlvRecordData> unknownOdd,
        out TlvFailure failure)
    {
        pathKey = null;
        failure = default;
        var kept = new List<TlvRecordData>();
        unknownOdd = kept;
        var reader = new TlvReader(stream, PathKeyOnly, baseOffset);
        while (reader.TryRead(out var record))
        {
            if (!record.IsKnown)
            {
                kept.Add(record.ToData());
            }
            else if (record.TryGetFixed(MessageSizes.Point, out var key, out failure))
            {
                pathKey = key.ToArray();
            }
            else
            {
                return false;
            }
        }

        failure = reader.Failure ?? default;
        return reader.Failure is null;
    }
}
