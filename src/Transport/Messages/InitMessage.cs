using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 1 "The <c>init</c> Message", type 16: <c>u16 gflen || globalfeatures ||
/// u16 flen || features || init_tlvs</c>, where <c>init_tlvs</c> knows type 1
/// <c>networks</c> (chain hashes, 32 bytes each) and type 3 <c>remote_addr</c> (an
/// address descriptor, kept as opaque bytes here). The first message on every
/// connection, in both directions.
/// </summary>
public sealed class InitMessage : LightningMessage
{
    /// <summary>init_tlvs type 1.</summary>
    public const ulong NetworksTlvType = 1;

    /// <summary>init_tlvs type 3.</summary>
    public const ulong RemoteAddressTlvType = 3;

    private static readonly ulong[] KnownTlvTypes = [NetworksTlvType, RemoteAddressTlvType];

    /// <param name="features">The node's features (the <c>features</c> field).</param>
    /// <param name="networks">Chain hashes for the <c>networks</c> record, 32 bytes each; null leaves the record out.</param>
    /// <param name="remoteAddress">The <c>remote_addr</c> record's value; null leaves it out.</param>
    /// <param name="globalFeatures">Legacy <c>globalfeatures</c>; BOLT 1 says new bits go in <c>features</c>, so this is usually empty.</param>
    public InitMessage(FeatureBits features, IReadOnlyList<ReadOnlyMemory<byte>>? networks = null, ReadOnlyMemory<byte>? remoteAddress = null, FeatureBits? globalFeatures = null)
    {
        Features = features;
        GlobalFeatures = globalFeatures ?? FeatureBits.None;
        if (networks is not null)
        {
            foreach (var chain in networks)
            {
                _ = Exactly(chain, MessageSizes.ChainHash, nameof(networks));
            }
        }

        Networks = networks;
        RemoteAddress = remoteAddress;
        EnsureFits(FixedLength + (networks?.Count ?? 0) * MessageSizes.ChainHash + (remoteAddress?.Length ?? 0), nameof(features));
    }

    public override MessageType Type => MessageType.Init;

    /// <summary><c>globalfeatures</c>, minimal form.</summary>
    public FeatureBits GlobalFeatures { get; }

    /// <summary><c>features</c>, minimal form.</summary>
    public FeatureBits Features { get; }

    /// <summary>The <c>networks</c> record's chain hashes, or null when the record is absent.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Networks { get; }

    /// <summary>The <c>remote_addr</c> record's value (opaque), or null when absent.</summary>
    public ReadOnlyMemory<byte>? RemoteAddress { get; }

    /// <summary>BOLT 1: the receiver treats the union of both bitmaps as the peer's features.</summary>
    public FeatureBits CombinedFeatures => GlobalFeatures.Union(Features);

    private protected override int FixedLength =>
        MessageSizes.LengthPrefix + GlobalFeatures.Bitmap.Length + MessageSizes.LengthPrefix + Features.Bitmap.Length;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        writer.WriteU16Prefixed(GlobalFeatures.Bitmap);
        writer.WriteU16Prefixed(Features.Bitmap);
    }

    private protected override void AddKnownRecords(List<TlvRecordData> records)
    {
        if (Networks is not null)
        {
            var value = new byte[Networks.Count * MessageSizes.ChainHash];
            for (var i = 0; i < Networks.Count; i++)
            {
                Networks[i].Span.CopyTo(value.AsSpan(i * MessageSizes.ChainHash));
            }

            records.Add(new TlvRecordData(NetworksTlvType, value));
        }

        if (RemoteAddress is { } address)
        {
            records.Add(new TlvRecordData(RemoteAddressTlvType, address.Span));
        }
    }

    /// <summary>Decodes the payload after the type; <paramref name="payload"/> is owned by the result.</summary>
    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!reader.TryReadU16Prefixed(out var global) || !reader.TryReadU16Prefixed(out var local))
        {
            return MessageDecodeResult.Malformed(MessageType.Init, MessageDecodeFailure.TooShort);
        }

        List<ReadOnlyMemory<byte>>? networks = null;
        ReadOnlyMemory<byte>? remoteAddress = null;
        var unknown = new List<TlvRecordData>();
        var tlv = new TlvReader(reader.Rest.Span, KnownTlvTypes, MessageSizes.Type + payload.Length - reader.RemainingLength);
        while (tlv.TryRead(out var record))
        {
            switch (record.Type)
            {
                case NetworksTlvType:
                    if (record.Value.Length % MessageSizes.ChainHash != 0)
                    {
                        // BOLT 1: a known record whose length does not fit its encoding fails the stream.
                        return MessageDecodeResult.BadExtension(MessageType.Init, record.Fail(TlvFailureReason.InvalidValue));
                    }

                    var value = record.Value.ToArray();
                    networks = [];
                    for (var offset = 0; offset < value.Length; offset += MessageSizes.ChainHash)
                    {
                        networks.Add(value.AsMemory(offset, MessageSizes.ChainHash));
                    }

                    break;
                case RemoteAddressTlvType:
                    remoteAddress = record.Value.ToArray();
                    break;
                default:
                    unknown.Add(record.ToData());
                    break;
            }
        }

        if (tlv.Failure is { } failure)
        {
            return MessageDecodeResult.BadExtension(MessageType.Init, failure);
        }

        return MessageDecodeResult.Ok(new InitMessage(FeatureBits.FromBitmap(local.Span), networks, remoteAddress, FeatureBits.FromBitmap(global.Span))
        {
            UnknownOddRecords = unknown,
        });
    }
}
