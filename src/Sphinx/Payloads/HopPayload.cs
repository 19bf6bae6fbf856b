using LnRelay.Wire;

namespace LnRelay.Sphinx.Payloads;

/// <summary>
/// What every clear (non-blinded) hop payload carries (BOLT 4 "<c>payload</c> format"):
/// <c>amt_to_forward</c> (type 2) and <c>outgoing_cltv_value</c> (type 4), plus any unknown
/// odd records, kept so they can be logged or re-encoded. Relay or final is decided by the
/// caller (the onion peel knows it from the all-zero next HMAC).
/// </summary>
public abstract class HopPayload
{
    private protected HopPayload(ulong amountToForwardMsat, uint outgoingCltvValue, IReadOnlyList<TlvRecordData>? unknownOddRecords)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amountToForwardMsat, HopPayloadTypes.MaxMsat);
        UnknownOddRecords = unknownOddRecords ?? [];
        foreach (TlvRecordData record in UnknownOddRecords)
        {
            if (record.Type % 2 == 0 || HopPayloadTypes.Known.Contains(record.Type))
            {
                throw new ArgumentException($"Extra record type {record.Type} must be odd and not a known payload type.", nameof(unknownOddRecords));
            }
        }

        AmountToForwardMsat = amountToForwardMsat;
        OutgoingCltvValue = outgoingCltvValue;
    }

    /// <summary>Type 2: msat to forward (final hop: msat it should receive).</summary>
    public ulong AmountToForwardMsat { get; }

    /// <summary>Type 4: the outgoing HTLC's cltv_expiry (final hop: the expected final expiry).</summary>
    public uint OutgoingCltvValue { get; }

    /// <summary>Unknown odd records, in type order.</summary>
    public IReadOnlyList<TlvRecordData> UnknownOddRecords { get; }

    /// <summary>The payload as a TLV stream (what the onion's length prefix counts).</summary>
    public byte[] Encode()
    {
        var records = new List<TlvRecordData>(UnknownOddRecords);
        Span<byte> scratch = stackalloc byte[sizeof(ulong)];
        records.Add(new TlvRecordData(HopPayloadTypes.AmountToForward, scratch[..TruncatedInt.Write(AmountToForwardMsat, scratch)]));
        records.Add(new TlvRecordData(HopPayloadTypes.OutgoingCltvValue, scratch[..TruncatedInt.Write(OutgoingCltvValue, scratch)]));
        AddRecords(records);

        var writer = new TlvWriter();
        writer.WriteAll(records);
        return writer.ToArray();
    }

    /// <summary>The payload as the onion carries it: BigSize length, then the TLV stream (BOLT 4 "Packet Structure").</summary>
    public byte[] EncodeWithLengthPrefix()
    {
        byte[] stream = Encode();
        var framed = new byte[BigSize.SizeOf((ulong)stream.Length) + stream.Length];
        int prefix = BigSize.Write((ulong)stream.Length, framed);
        stream.CopyTo(framed.AsSpan(prefix));
        return framed;
    }

    /// <summary>Adds the role-specific records.</summary>
    private protected abstract void AddRecords(List<TlvRecordData> records);
}
