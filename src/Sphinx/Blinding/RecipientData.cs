using System.Diagnostics.CodeAnalysis;
using LnRelay.Crypto;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// The plaintext of one blinded hop's <c>encrypted_recipient_data</c>: an
/// <c>encrypted_data_tlv</c> stream (BOLT 4 "Inside <c>encrypted_recipient_data</c>").
/// Absent records are null. This type only encodes and decodes the stream (BOLT 1 stream
/// rules, unknown even types refused, each value's shape); what a payment hop requires of
/// it (a relay needs <c>payment_relay</c>, not both scid and <c>next_node_id</c>, no
/// unknown feature bit) is <see cref="BlindedHopChecks"/>.
/// </summary>
public sealed record RecipientData
{
    /// <summary>Type 1: the number of padding bytes (written as zeros; a reader ignores their value).</summary>
    public int? PaddingLength { get; init; }

    /// <summary>Type 2: the channel the hop forwards on.</summary>
    public ShortChannelId? ShortChannelId { get; init; }

    /// <summary>Type 4: the node the hop forwards to (also how a recipient reaches its own dummy hops).</summary>
    public PublicKey? NextNodeId { get; init; }

    /// <summary>Type 6: the recipient's private context; only the final hop's blob holds one.</summary>
    public byte[]? PathId { get; init; }

    /// <summary>Type 8: the path key to forward instead of the computed one (joins two paths).</summary>
    public PublicKey? NextPathKeyOverride { get; init; }

    /// <summary>Type 10.</summary>
    public PaymentRelay? PaymentRelay { get; init; }

    /// <summary>Type 12.</summary>
    public PaymentConstraints? PaymentConstraints { get; init; }

    /// <summary>Type 14: the raw feature bitmap; null when absent (which means empty).</summary>
    public byte[]? AllowedFeatures { get; init; }

    /// <summary>Unknown odd records, kept so that the stream re-encodes exactly.</summary>
    public IReadOnlyList<TlvRecordData> UnknownOddRecords { get; init; } = [];

    /// <summary>The TLV stream (the AEAD's plaintext).</summary>
    public byte[] Encode()
    {
        var records = new List<TlvRecordData>(UnknownOddRecords);
        Span<byte> scratch = stackalloc byte[Math.Max(Blinding.PaymentRelay.MaxSize, Blinding.PaymentConstraints.MaxSize)];
        if (PaddingLength is { } padding)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.Padding, new byte[padding]));
        }

        if (ShortChannelId is { } scid)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.ShortChannelId, scid.ToBytes()));
        }

        if (NextNodeId is { } next)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.NextNodeId, next.ToBytes()));
        }

        if (PathId is { } pathId)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.PathId, pathId));
        }

        if (NextPathKeyOverride is { } overrideKey)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.NextPathKeyOverride, overrideKey.ToBytes()));
        }

        if (PaymentRelay is { } relay)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.PaymentRelay, scratch[..relay.Write(scratch)]));
        }

        if (PaymentConstraints is { } constraints)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.PaymentConstraints, scratch[..constraints.Write(scratch)]));
        }

        if (AllowedFeatures is { } features)
        {
            records.Add(new TlvRecordData(RecipientDataTypes.AllowedFeatures, features));
        }

        var writer = new TlvWriter();
        writer.WriteAll(records);
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes a decrypted blob. False with the first failure (type and offset within the
    /// plaintext) for a bad stream, an unknown even type, or a value of the wrong shape.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> plaintext, [NotNullWhen(true)] out RecipientData? data, out TlvFailure failure)
    {
        data = null;
        failure = default;
        var fields = default(Fields);
        var reader = new TlvReader(plaintext, RecipientDataTypes.Known);
        while (reader.TryRead(out var record))
        {
            if (!record.IsKnown)
            {
                (fields.Unknown ??= []).Add(record.ToData());
                continue;
            }

            if (!TryReadKnown(record, ref fields, out failure))
            {
                return false;
            }
        }

        if (reader.Failure is { } streamFailure)
        {
            failure = streamFailure;
            return false;
        }

        data = new RecipientData
        {
            PaddingLength = fields.PaddingLength,
            ShortChannelId = fields.ShortChannelId,
            NextNodeId = fields.NextNodeId,
            PathId = fields.PathId,
            NextPathKeyOverride = fields.NextPathKeyOverride,
            PaymentRelay = fields.PaymentRelay,
            PaymentConstraints = fields.PaymentConstraints,
            AllowedFeatures = fields.AllowedFeatures,
            UnknownOddRecords = fields.Unknown ?? (IReadOnlyList<TlvRecordData>)[],
        };
        return true;
    }

    private static bool TryReadKnown(TlvRecord record, ref Fields fields, out TlvFailure failure)
    {
        failure = default;
        switch (record.Type)
        {
            case RecipientDataTypes.Padding:
                fields.PaddingLength = record.Value.Length;
                return true;
            case RecipientDataTypes.ShortChannelId:
                if (!record.TryGetFixed(Sphinx.ShortChannelId.Size, out var scid, out failure))
                {
                    return false;
                }

                fields.ShortChannelId = Sphinx.ShortChannelId.Read(scid);
                return true;
            case RecipientDataTypes.NextNodeId:
                if (!TryReadPoint(record, out var next, out failure))
                {
                    return false;
                }

                fields.NextNodeId = next;
                return true;
            case RecipientDataTypes.NextPathKeyOverride:
                if (!TryReadPoint(record, out var overrideKey, out failure))
                {
                    return false;
                }

                fields.NextPathKeyOverride = overrideKey;
                return true;
            case RecipientDataTypes.PathId:
                fields.PathId = record.Value.ToArray();
                return true;
            case RecipientDataTypes.PaymentRelay:
                if (!Blinding.PaymentRelay.TryRead(record.Value, out var relay, out var relayReason))
                {
                    failure = record.Fail(relayReason);
                    return false;
                }

                fields.PaymentRelay = relay;
                return true;
            case RecipientDataTypes.PaymentConstraints:
                if (!Blinding.PaymentConstraints.TryRead(record.Value, out var constraints, out var constraintsReason))
                {
                    failure = record.Fail(constraintsReason);
                    return false;
                }

                fields.PaymentConstraints = constraints;
                return true;
            case RecipientDataTypes.AllowedFeatures:
                fields.AllowedFeatures = record.Value.ToArray();
                return true;
            default:
                throw new InvalidOperationException($"Known recipient data type {record.Type} has no reader.");
        }
    }

    private static bool TryReadPoint(TlvRecord record, out PublicKey point, out TlvFailure failure)
    {
        point = default;
        if (!record.TryGetFixed(KeySizes.CompressedPublicKey, out var bytes, out failure))
        {
            return false;
        }

        if (!PublicKey.TryParse(bytes, out point))
        {
            failure = record.Fail(TlvFailureReason.InvalidValue);
            return false;
        }

        return true;
    }

    /// <summary>The records as they are read, assembled into one <see cref="RecipientData"/> at the end.</summary>
    private struct Fields
    {
        public int? PaddingLength;
        public ShortChannelId? ShortChannelId;
        public PublicKey? NextNodeId;
        public byte[]? PathId;
        public PublicKey? NextPathKeyOverride;
        public PaymentRelay? PaymentRelay;
        public PaymentConstraints? PaymentConstraints;
        public byte[]? AllowedFeatures;
        public List<TlvRecordData>? Unknown;
    }
}
