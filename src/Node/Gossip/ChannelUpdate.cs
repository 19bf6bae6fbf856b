using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Sphinx;
using static LnRelay.Node.Gossip.ChannelUpdateLayout;

namespace LnRelay.Node.Gossip;

/// <summary>
/// BOLT 7 <c>channel_update</c> (type 258, "The channel_update Message"): one end's signed
/// forwarding policy for one direction of a channel. 136 bytes after the 2-byte type:
/// signature (64) || chain_hash (32) || short_channel_id (8) || timestamp u32 ||
/// message_flags || channel_flags || cltv_expiry_delta u16 || htlc_minimum_msat u64 ||
/// fee_base_msat u32 || fee_proportional_millionths u32 || htlc_maximum_msat u64.
/// The signature is ECDSA by the sending end's node key over double-SHA256 of every byte
/// after it. Immutable; encoding and strict decoding are in ChannelUpdate.Wire.cs.
/// </summary>
internal sealed partial class ChannelUpdate
{
    /// <summary>BOLT 7 message type 258 (0x0102).</summary>
    public const ushort MessageType = ChannelUpdateLayout.MessageType;

    /// <summary>Encoded size without the type (136).</summary>
    public const int BodySize = ChannelUpdateLayout.BodySize;

    /// <summary>Encoded size with the 2-byte type (138).</summary>
    public const int MessageSize = ChannelUpdateLayout.MessageSize;

    private readonly byte[] _signature;
    private readonly byte[] _chainHash;

    private ChannelUpdate(
        ReadOnlySpan<byte> signature,
        ReadOnlySpan<byte> chainHash,
        ShortChannelId shortChannelId,
        uint timestamp,
        ChannelUpdateMessageFlags messageFlags,
        ChannelUpdateChannelFlags channelFlags,
        ushort cltvExpiryDelta,
        ulong htlcMinimumMsat,
        uint feeBaseMsat,
        uint feeProportionalMillionths,
        ulong htlcMaximumMsat)
    {
        _signature = signature.ToArray();
        _chainHash = chainHash.ToArray();
        ShortChannelId = shortChannelId;
        Timestamp = timestamp;
        MessageFlags = messageFlags;
        ChannelFlags = channelFlags;
        CltvExpiryDelta = cltvExpiryDelta;
        HtlcMinimumMsat = htlcMinimumMsat;
        FeeBaseMsat = feeBaseMsat;
        FeeProportionalMillionths = feeProportionalMillionths;
        HtlcMaximumMsat = htlcMaximumMsat;
    }

    /// <summary>Compact ECDSA signature (R || S), 64 bytes.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>The chain the channel lives on, 32 bytes (see <see cref="Transport.Peers.NetworkChainHash"/>).</summary>
    public ReadOnlySpan<byte> ChainHash => _chainHash;

    public ShortChannelId ShortChannelId { get; }

    /// <summary>Grows with every update the same end sends for the channel; normally UNIX seconds; never 0 when lnrelay creates it.</summary>
    public uint Timestamp { get; }

    /// <summary>The raw byte, kept as received so re-encoding is byte-exact and the signature still covers it.</summary>
    public ChannelUpdateMessageFlags MessageFlags { get; }

    /// <summary>The raw byte: direction and disable.</summary>
    public ChannelUpdateChannelFlags ChannelFlags { get; }

    /// <summary>Blocks the signer subtracts from an incoming HTLC's expiry when forwarding.</summary>
    public ushort CltvExpiryDelta { get; }

    public ulong HtlcMinimumMsat { get; }

    public uint FeeBaseMsat { get; }

    public uint FeeProportionalMillionths { get; }

    public ulong HtlcMaximumMsat { get; }

    /// <summary>0 if the signer is <c>node_id_1</c>, 1 if <c>node_id_2</c> (see <see cref="NodeIdOrder"/>).</summary>
    public int Direction => (ChannelFlags & ChannelUpdateChannelFlags.Direction) != 0 ? 1 : 0;

    /// <summary>The <c>disable</c> bit: the signer does not forward over the channel for now.</summary>
    public bool IsDisabled => (ChannelFlags & ChannelUpdateChannelFlags.Disable) != 0;

    /// <summary>The <c>dont_forward</c> bit: for the channel peer only, never relayed.</summary>
    public bool DontForward => (MessageFlags & ChannelUpdateMessageFlags.DontForward) != 0;

    /// <summary>
    /// A signed update for the direction starting at <paramref name="signer"/>, following
    /// the origin node's requirements of BOLT 7 "The channel_update Message":
    /// <c>must_be_one</c> set, <c>direction</c> = 0 if the signer is <c>node_id_1</c>
    /// (lesser compressed id) else 1, <c>disable</c> = !<see cref="ChannelPolicy.Enabled"/>,
    /// unassigned bits 0, signature over double-SHA256 of everything after it. The RFC 6979
    /// nonce makes the result deterministic. Throws for misuse: a chain hash not 32 bytes, a
    /// zero timestamp, <c>htlc_maximum_msat</c> below <c>htlc_minimum_msat</c>, or the
    /// signer as its own other end.
    /// </summary>
    /// <param name="signer">The node key of the end this direction starts at.</param>
    /// <param name="otherEnd">The channel's other end: only its order against the signer matters.</param>
    /// <param name="chainHash">32 bytes; see <see cref="Transport.Peers.NetworkChainHash.For"/>.</param>
    /// <param name="shortChannelId">The channel (or the alias the peer knows it by).</param>
    /// <param name="timestamp">Greater than every earlier update of this end for this channel.</param>
    /// <param name="policy">Fees, delta, HTLC limits and whether the channel is enabled.</param>
    /// <param name="dontForward">Sets <c>dont_forward</c>: required for an update about an unannounced channel, sent only to the peer.</param>
    public static ChannelUpdate Create(
        PrivateKey signer,
        PublicKey otherEnd,
        ReadOnlySpan<byte> chainHash,
        ShortChannelId shortChannelId,
        uint timestamp,
        ChannelPolicy policy,
        bool dontForward = false)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(policy);
        if (chainHash.Length != ChainHashSize)
        {
            throw new ArgumentException($"A chain_hash is {ChainHashSize} bytes.", nameof(chainHash));
        }

        // BOLT 7: "MUST set timestamp to greater than 0".
        ArgumentOutOfRangeException.ThrowIfZero(timestamp);

        // BOLT 7: "MUST set htlc_minimum_msat to less than or equal to htlc_maximum_msat".
        if (policy.HtlcMaximumMsat < policy.HtlcMinimumMsat)
        {
            throw new ArgumentException("htlc_maximum_msat is below htlc_minimum_msat.", nameof(policy));
        }

        var messageFlags = ChannelUpdateMessageFlags.MustBeOne | (dontForward ? ChannelUpdateMessageFlags.DontForward : ChannelUpdateMessageFlags.None);
        var channelFlags = NodeIdOrder.DirectionOf(signer.PublicKey, otherEnd)
            | (policy.Enabled ? ChannelUpdateChannelFlags.None : ChannelUpdateChannelFlags.Disable);

        Span<byte> noSignatureYet = stackalloc byte[SignatureSize];
        var update = new ChannelUpdate(
            noSignatureYet,
            chainHash,
            shortChannelId,
            timestamp,
            messageFlags,
            channelFlags,
            policy.CltvExpiryDelta,
            policy.HtlcMinimumMsat,
            policy.FeeBaseMsat,
            policy.FeeProportionalMillionths,
            policy.HtlcMaximumMsat);

        Span<byte> hash = stackalloc byte[KeySizes.Hash];
        update.WriteSigningHash(hash);
        signer.SignEcdsa(hash, update._signature);
        return update;
    }

    /// <summary>
    /// True if <see cref="Signature"/> is a valid low-S ECDSA signature by
    /// <paramref name="signer"/> over double-SHA256 of the signed part. Says nothing
    /// about whether the direction bit matches the signer; see <see cref="VerifySignatureForChannel"/>.
    /// </summary>
    public bool VerifySignature(PublicKey signer)
    {
        Span<byte> hash = stackalloc byte[KeySizes.Hash];
        WriteSigningHash(hash);
        return signer.VerifyEcdsa(_signature, hash);
    }

    /// <summary>
    /// The receiver's check of BOLT 7: the key is <c>node_id_1</c> of the channel's two ends
    /// if the direction bit is 0, <c>node_id_2</c> otherwise, and the signature must verify
    /// with that key. False if it does not. Two equal ends are misuse and throw.
    /// </summary>
    public bool VerifySignatureForChannel(PublicKey oneEnd, PublicKey otherEnd)
    {
        var oneIsNodeId1 = NodeIdOrder.IsNodeId1(oneEnd, otherEnd);
        var nodeId1 = oneIsNodeId1 ? oneEnd : otherEnd;
        var nodeId2 = oneIsNodeId1 ? otherEnd : oneEnd;
        return VerifySignature(Direction == 0 ? nodeId1 : nodeId2);
    }

    /// <summary>
    /// The forwarding policy this update announces. <see cref="ChannelPolicy.Enabled"/> is the
    /// inverse of <c>disable</c>. An update whose maximum is below its minimum converts as it
    /// is; BOLT 7 tells the receiver to leave such a channel out of route finding.
    /// </summary>
    public ChannelPolicy ToPolicy() =>
        new(FeeBaseMsat, FeeProportionalMillionths, CltvExpiryDelta, HtlcMinimumMsat, HtlcMaximumMsat, Enabled: !IsDisabled);

    public override string ToString() =>
        $"channel_update {ShortChannelId} dir {Direction} ts {Timestamp} fee {FeeBaseMsat}+{FeeProportionalMillionths}ppm cltv {CltvExpiryDelta}{(IsDisabled ? " disabled" : string.Empty)}";

    /// <summary>double-SHA256 of the signed part (BOLT 7: "the double-SHA256 of the entire remaining packet after signature").</summary>
    private void WriteSigningHash(Span<byte> hash)
    {
        Span<byte> body = stackalloc byte[BodySize];
        WriteSignedFields(body);
        Span<byte> once = stackalloc byte[KeySizes.Hash];
        Hashes.Sha256(body.Slice(SignedPartOffset, SignedPartSize), once);
        Hashes.Sha256(once, hash);
    }
}
