using System.Diagnostics.CodeAnalysis;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Payloads;

/// <summary>
/// A relay (non-final) hop's payload: types 2, 4 and the outgoing <c>short_channel_id</c> (6)
/// (BOLT 4 "<c>payload</c> format", requirements for non-final hops).
/// </summary>
public sealed class RelayPayload : HopPayload
{
    public RelayPayload(ulong amountToForwardMsat, uint outgoingCltvValue, ShortChannelId shortChannelId, IReadOnlyList<TlvRecordData>? unknownOddRecords = null, byte[]? ptlcTweak = null)
        : base(amountToForwardMsat, outgoingCltvValue, unknownOddRecords)
    {
        if (ptlcTweak is not null && ptlcTweak.Length != HopPayloadTypes.PtlcScalarSize)
        {
            throw new ArgumentException($"ptlc_tweak is {HopPayloadTypes.PtlcScalarSize} bytes.", nameof(ptlcTweak));
        }

        ShortChannelId = shortChannelId;
        _ptlcTweak = ptlcTweak?.ToArray();
    }

    private readonly byte[]? _ptlcTweak;

    /// <summary>lnrelay-experimental <see cref="HopPayloadTypes.PtlcTweak"/>: this relay's y_i of a point-locked payment, or null for a hash-locked one.</summary>
    public byte[]? PtlcTweak => _ptlcTweak?.ToArray();

    /// <summary>Type 6: the channel to forward on.</summary>
    public ShortChannelId ShortChannelId { get; }

    /// <summary>
    /// Parses a relay's decrypted payload (the TLV stream, without its length prefix).
    /// <paramref name="baseOffset"/> is added to reported offsets (pass the length prefix's
    /// size to count from the start of the decrypted payload).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> tlvStream, [NotNullWhen(true)] out RelayPayload? payload, out HopPayloadError error, int baseOffset = 0)
    {
        payload = null;
        if (!HopPayloadReader.TryRead(tlvStream, HopPayloadReader.Role.Relay, baseOffset, out HopPayloadReader.Fields fields, out error))
        {
            return false;
        }

        payload = new RelayPayload(fields.Amount, fields.Cltv, fields.ShortChannelId, fields.Unknown, fields.PtlcScalar);
        return true;
    }

    private protected override void AddRecords(List<TlvRecordData> records)
    {
        records.Add(new TlvRecordData(HopPayloadTypes.ShortChannelId, ShortChannelId.ToBytes()));
        if (_ptlcTweak is not null)
        {
            records.Add(new TlvRecordData(HopPayloadTypes.PtlcTweak, _ptlcTweak));
        }
    }
}
