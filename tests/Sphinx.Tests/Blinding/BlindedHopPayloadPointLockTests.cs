using LnRelay.Crypto;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Sphinx.Tests.Blinding;

/// <summary>
/// lnrelay-experimental point locks through blinded paths (docs/ptlc.md "Through blinded paths"): a
/// blinded hop's payload may carry its ptlc_tweak (relay) or ptlc_tweak_sum (final) beside
/// encrypted_recipient_data only in a point-locked HTLC's onion, must carry it there, and BOLT 4's
/// "only these types" rule holds otherwise.
/// </summary>
public sealed class BlindedHopPayloadPointLockTests
{
    private static readonly byte[] Blob = [1, 2, 3, 4];
    private static readonly byte[] Scalar = Convert.FromHexString("0101010101010101010101010101010101010101010101010101010101010101");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_point_locked_hop_round_trips_its_scalar(bool final)
    {
        var payload = final ? new BlindedHopPayload(Blob, 1_000, 800_040, 1_000, ptlcTweakSum: Scalar) : new BlindedHopPayload(Blob, ptlcTweak: Scalar);

        Assert.True(BlindedHopPayload.TryParse(payload.Encode(), final, out var parsed, out var error, pointLocked: true), error.ToString());
        Assert.Equal(Scalar, parsed.PtlcScalar);
        Assert.Equal(Blob, parsed.EncryptedRecipientData.ToArray());
    }

    [Theory]
    [InlineData(false, HopPayloadTypes.PtlcTweak)]
    [InlineData(true, HopPayloadTypes.PtlcTweakSum)]
    public void In_a_hash_locked_onion_the_scalar_is_a_forbidden_type(bool final, ulong type)
    {
        var payload = final ? new BlindedHopPayload(Blob, 1_000, 800_040, 1_000, ptlcTweakSum: Scalar) : new BlindedHopPayload(Blob, ptlcTweak: Scalar);

        Assert.False(BlindedHopPayload.TryParse(payload.Encode(), final, out _, out var error));
        Assert.Equal((HopPayloadErrorReason.ForbiddenType, type), (error.Reason, error.Type));
    }

    [Theory]
    [InlineData(false, HopPayloadTypes.PtlcTweak)]
    [InlineData(true, HopPayloadTypes.PtlcTweakSum)]
    public void In_a_point_locked_onion_the_scalar_is_required(bool final, ulong type)
    {
        var payload = final ? new BlindedHopPayload(Blob, 1_000, 800_040, 1_000) : new BlindedHopPayload(Blob);

        Assert.False(BlindedHopPayload.TryParse(payload.Encode(), final, out _, out var error, pointLocked: true));
        Assert.Equal((HopPayloadErrorReason.MissingRequiredType, type), (error.Reason, error.Type));
    }

    [Fact]
    public void A_relay_refuses_the_recipients_sum_and_a_zero_scalar()
    {
        var sumAtRelay = new TlvWriterForTests().Blob(Blob).Record(HopPayloadTypes.PtlcTweakSum, Scalar).Bytes();
        Assert.False(BlindedHopPayload.TryParse(sumAtRelay, isFinal: false, out _, out var error, pointLocked: true));
        Assert.Equal(HopPayloadErrorReason.ForbiddenType, error.Reason);

        var zero = new TlvWriterForTests().Blob(Blob).Record(HopPayloadTypes.PtlcTweak, new byte[32]).Bytes();
        Assert.False(BlindedHopPayload.TryParse(zero, isFinal: false, out _, out _, pointLocked: true));
        Assert.False(Secp256k1.IsValidSecret(new byte[32]));
    }

    /// <summary>A payload written record by record, in type order.</summary>
    private sealed class TlvWriterForTests
    {
        private readonly Wire.TlvWriter _writer = new();

        public TlvWriterForTests Blob(byte[] blob)
        {
            _writer.Write(HopPayloadTypes.EncryptedRecipientData, blob);
            return this;
        }

        public TlvWriterForTests Record(ulong type, byte[] value)
        {
            _writer.Write(type, value);
            return this;
        }

        public byte[] Bytes() => _writer.ToArray();
    }
}
