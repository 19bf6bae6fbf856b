using System.Diagnostics.CodeAnalysis;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Payloads;

/// <summary>
/// The final hop's payload: types 2 and 4, optional <c>payment_data</c> (8: payment_secret and
/// total_msat) and <c>payment_metadata</c> (16). It must not carry a <c>short_channel_id</c>
/// (BOLT 4 "<c>payload</c> format", "Payload for the Last Node").
/// </summary>
public sealed class FinalPayload : HopPayload
{
    private readonly byte[]? _paymentSecret;
    private readonly byte[]? _paymentMetadata;
    private readonly byte[]? _ptlcTweakSum;

    public FinalPayload(
        ulong amountToForwardMsat,
        uint outgoingCltvValue,
        byte[]? paymentSecret = null,
        ulong? totalMsat = null,
        byte[]? paymentMetadata = null,
        IReadOnlyList<TlvRecordData>? unknownOddRecords = null,
        byte[]? ptlcTweakSum = null)
        : base(amountToForwardMsat, outgoingCltvValue, unknownOddRecords)
    {
        if (ptlcTweakSum is not null && ptlcTweakSum.Length != HopPayloadTypes.PtlcScalarSize)
        {
            throw new ArgumentException($"ptlc_tweak_sum is {HopPayloadTypes.PtlcScalarSize} bytes.", nameof(ptlcTweakSum));
        }

        _ptlcTweakSum = ptlcTweakSum?.ToArray();
        if ((paymentSecret is null) != (totalMsat is null))
        {
            throw new ArgumentException("payment_data needs both payment_secret and total_msat, or neither.", nameof(totalMsat));
        }

        if (paymentSecret is not null)
        {
            if (paymentSecret.Length != HopPayloadTypes.PaymentSecretSize)
            {
                throw new ArgumentException($"payment_secret is {HopPayloadTypes.PaymentSecretSize} bytes.", nameof(paymentSecret));
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThan(totalMsat!.Value, HopPayloadTypes.MaxMsat, nameof(totalMsat));
            _paymentSecret = paymentSecret.ToArray();
            TotalMsat = totalMsat;
        }

        _paymentMetadata = paymentMetadata?.ToArray();
    }

    /// <summary>Type 8's payment_secret; null when the payload had no payment_data.</summary>
    public byte[]? PaymentSecret => _paymentSecret?.ToArray();

    /// <summary>Type 8's total_msat; null when the payload had no payment_data.</summary>
    public ulong? TotalMsat { get; }

    /// <summary>total_msat, or amt_to_forward when absent (BOLT 4 reader rule for the final node).</summary>
    public ulong EffectiveTotalMsat => TotalMsat ?? AmountToForwardMsat;

    /// <summary>Type 16's bytes; null when absent (an empty record is kept as an empty array).</summary>
    public byte[]? PaymentMetadata => _paymentMetadata?.ToArray();

    /// <summary>lnrelay-experimental <see cref="HopPayloadTypes.PtlcTweakSum"/>: Σy of a point-locked payment, or null for a hash-locked one.</summary>
    public byte[]? PtlcTweakSum => _ptlcTweakSum?.ToArray();

    /// <summary>
    /// Parses the final hop's decrypted payload (the TLV stream, without its length prefix).
    /// <paramref name="baseOffset"/> is added to reported offsets.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> tlvStream, [NotNullWhen(true)] out FinalPayload? payload, out HopPayloadError error, int baseOffset = 0)
    {
        payload = null;
        if (!HopPayloadReader.TryRead(tlvStream, HopPayloadReader.Role.Final, baseOffset, out HopPayloadReader.Fields fields, out error))
        {
            return false;
        }

        payload = new FinalPayload(
            fields.Amount,
            fields.Cltv,
            fields.PaymentSecret,
            fields.TotalMsat,
            fields.PaymentMetadata,
            fields.Unknown,
            fields.PtlcScalar);
        return true;
    }

    private protected override void AddRecords(List<TlvRecordData> records)
    {
        if (_paymentSecret is not null)
        {
            Span<byte> data = stackalloc byte[HopPayloadTypes.PaymentSecretSize + sizeof(ulong)];
            _paymentSecret.CopyTo(data);
            int total = TruncatedInt.Write(TotalMsat!.Value, data[HopPayloadTypes.PaymentSecretSize..]);
            records.Add(new TlvRecordData(HopPayloadTypes.PaymentData, data[..(HopPayloadTypes.PaymentSecretSize + total)]));
        }

        if (_paymentMetadata is not null)
        {
            records.Add(new TlvRecordData(HopPayloadTypes.PaymentMetadata, _paymentMetadata));
        }

        if (_ptlcTweakSum is not null)
        {
            records.Add(new TlvRecordData(HopPayloadTypes.PtlcTweakSum, _ptlcTweakSum));
        }
    }
}
