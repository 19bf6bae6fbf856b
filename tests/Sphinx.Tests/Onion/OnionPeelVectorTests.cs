using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>Peels onion-test.json's onion with its <c>decode</c> keys, checking each hop against the derived intermediates.</summary>
public sealed class OnionPeelVectorTests
{
    private readonly OnionVectorRoute _vector = OnionVectorRoute.Load();

    [Fact]
    public void PeelEveryHop_RecoversPayloadsIncomingOnionsAndTheFinalFlag()
    {
        var hops = OnionVectorFiles.Intermediates().GetProperty("hops").EnumerateArray().ToArray();
        var packet = _vector.Onion;
        for (var i = 0; i < hops.Length; i++)
        {
            Assert.Equal(Convert.ToHexStringLower(hops[i].Hex("incoming_onion")), Convert.ToHexStringLower(packet));
            using var key = PrivateKey.Create(_vector.PrivateKeys[i]);
            var result = OnionPeeler.Peel(key, _vector.AssociatedData, packet);

            var final = hops[i].GetProperty("is_final").GetBoolean();
            Assert.Equal(final ? OnionPeelOutcome.Final : OnionPeelOutcome.Forward, result.Outcome);
            Assert.Equal(hops[i].Hex("payload_tlv"), result.Payload.ToArray());
            Assert.Equal(_vector.Hops[i].Payload.ToArray(), result.Payload.ToArray());
            Assert.Equal(hops[i].Hex("shared_secret"), result.SharedSecret.ToArray());
            if (final)
            {
                Assert.NotNull(result.FinalPayload);
                Assert.True(result.NextPacket.IsEmpty);
            }
            else
            {
                Assert.NotNull(result.RelayPayload);
                Assert.Equal(hops[i].Hex("next_hmac"), result.NextPacket.Span[OnionPacket.HmacOffset..].ToArray());
                packet = result.NextPacket.ToArray();
            }
        }
    }

    [Fact]
    public void PeelWithCallerBuffer_ReusesItAndMatchesTheAllocatingPeel()
    {
        using var key = PrivateKey.Create(_vector.PrivateKeys[0]);
        var buffer = new byte[OnionPeeler.BufferSize];
        var viaBuffer = OnionPeeler.Peel(key, _vector.AssociatedData, _vector.Onion, buffer, parsePayload: false);
        var allocated = OnionPeeler.Peel(key, _vector.AssociatedData, _vector.Onion);
        Assert.Equal(allocated.NextPacket.ToArray(), viaBuffer.NextPacket.ToArray());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(viaBuffer.NextPacket, out var segment));
        Assert.Same(buffer, segment.Array);
    }

    [Fact]
    public void PeelWithCallerBuffer_AllocatesNothing()
    {
        using var key = PrivateKey.Create(_vector.PrivateKeys[0]);
        var buffer = new byte[OnionPeeler.BufferSize];
        for (var i = 0; i < 5; i++)
        {
            OnionPeeler.Peel(key, _vector.AssociatedData, _vector.Onion, buffer, parsePayload: false);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            OnionPeeler.Peel(key, _vector.AssociatedData, _vector.Onion, buffer, parsePayload: false);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
