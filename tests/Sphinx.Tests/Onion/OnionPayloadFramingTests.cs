using LnRelay.Crypto;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>
/// Regression tests for the hop entry: once the HMAC verifies, a bad length or payload is
/// a PayloadFailure (invalid_onion_payload, shared secret known), never an exception or a
/// large allocation.
/// </summary>
public sealed class OnionPayloadFramingTests
{
    private static readonly byte[] AssociatedData = Enumerable.Repeat((byte)0x42, 32).ToArray();
    private static readonly byte[] NodeSecret = Enumerable.Repeat((byte)0x41, 32).ToArray();
    private static readonly byte[] SessionKey = Enumerable.Repeat((byte)0x07, 32).ToArray();

    private static OnionPeelResult PeelCrafted(byte[] plaintext, out CraftedOnion crafted)
    {
        using var key = PrivateKey.Create(NodeSecret);
        crafted = new CraftedOnion(SessionKey, key.PublicKey);
        return OnionPeeler.Peel(key, AssociatedData, crafted.Packet(plaintext, AssociatedData));
    }

    private static void AssertPayloadFailure(OnionPeelResult result, CraftedOnion crafted, HopPayloadErrorReason reason)
    {
        Assert.Equal(OnionPeelOutcome.PayloadFailure, result.Outcome);
        Assert.Equal(FailureCode.InvalidOnionPayload, result.FailureCode);
        Assert.Equal(crafted.SharedSecret, result.SharedSecret.ToArray());
        Assert.Equal(reason, result.PayloadError.Reason);
        Assert.True(result.NextPacket.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ReservedLength_IsPayloadFailure(byte length)
    {
        var result = PeelCrafted([length], out var crafted);
        AssertPayloadFailure(result, crafted, HopPayloadErrorReason.ReservedLength);
    }

    [Theory]
    [InlineData(1268)] // 3-byte prefix + 1268 + 32 = 1303 > 1300
    [InlineData(1266)] // the largest with a 3-byte prefix is 1265
    [InlineData(0xffff)]
    public void PayloadRunningPastTheRoutingInfo_IsPayloadFailure(int length)
    {
        var result = PeelCrafted(BigSize.Encode((ulong)length), out var crafted);
        AssertPayloadFailure(result, crafted, HopPayloadErrorReason.InvalidTlv);
        Assert.Equal(TlvFailureReason.ValueTruncated, result.PayloadError.TlvReason);
    }

    [Fact]
    public void HugeBigSizeLength_IsPayloadFailure_WithoutALargeAllocation()
    {
        var plaintext = BigSize.Encode(ulong.MaxValue);
        PeelCrafted(plaintext, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = PeelCrafted(plaintext, out var crafted);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
        AssertPayloadFailure(result, crafted, HopPayloadErrorReason.InvalidTlv);
    }

    [Fact]
    public void NonMinimalLength_IsPayloadFailure()
    {
        var result = PeelCrafted([0xfd, 0x00, 0x10], out var crafted);
        AssertPayloadFailure(result, crafted, HopPayloadErrorReason.InvalidTlv);
        Assert.Equal(TlvFailureReason.LengthNotMinimal, result.PayloadError.TlvReason);
    }

    [Fact]
    public void LargestPayloadThatFits_IsAccepted()
    {
        // 3-byte prefix + 1265 + 32-byte HMAC = 1300 exactly; all-zero HMAC: final.
        var plaintext = new byte[1300];
        BigSize.Write(1265, plaintext);
        using var key = PrivateKey.Create(NodeSecret);
        var crafted = new CraftedOnion(SessionKey, key.PublicKey);
        var result = OnionPeeler.Peel(key, AssociatedData, crafted.Packet(plaintext, AssociatedData), parsePayload: false);
        Assert.Equal(OnionPeelOutcome.Final, result.Outcome);
        Assert.Equal(1265, result.Payload.Length);
    }

    [Fact]
    public void UnknownEvenType_IsPayloadFailure_WithItsTypeAndOffset()
    {
        // amt_to_forward, outgoing_cltv_value, then unknown even type 20 at offset 8 of the payload.
        byte[] payload = [0x02, 0x01, 0x01, 0x04, 0x01, 0x01, 0x14, 0x00];
        var plaintext = new byte[1 + payload.Length + 32];
        plaintext[0] = (byte)payload.Length;
        payload.CopyTo(plaintext, 1);
        var result = PeelCrafted(plaintext, out var crafted);
        AssertPayloadFailure(result, crafted, HopPayloadErrorReason.InvalidTlv);
        Assert.Equal(20UL, result.PayloadError.Type);
        Assert.Equal(6, result.PayloadError.Offset);
        Assert.Equal(payload, result.Payload.ToArray());
    }
}
