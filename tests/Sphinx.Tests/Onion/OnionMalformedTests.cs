using LnRelay.Crypto;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>Every bad-onion case with its exact BOLT 4 code, and sha256_of_onion of the packet as received.</summary>
public sealed class OnionMalformedTests
{
    private readonly OnionVectorRoute _vector = OnionVectorRoute.Load();

    private OnionPeelResult PeelAtHop0(byte[] packet)
    {
        using var key = PrivateKey.Create(_vector.PrivateKeys[0]);
        return OnionPeeler.Peel(key, _vector.AssociatedData, packet);
    }

    private static void AssertMalformed(OnionPeelResult result, FailureCode code, byte[] packet)
    {
        Assert.Equal(OnionPeelOutcome.Malformed, result.Outcome);
        Assert.Equal(code, result.FailureCode);
        Assert.Equal(0xC000, (ushort)code & 0xC000);
        Assert.Equal(Hashes.Sha256(packet), result.Sha256OfOnion.ToArray());
        Assert.True(result.SharedSecret.IsEmpty);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x02)]
    [InlineData(0xff)]
    public void UnknownVersion_IsInvalidOnionVersion(byte version)
    {
        var packet = (byte[])_vector.Onion.Clone();
        packet[OnionPacket.VersionOffset] = version;
        AssertMalformed(PeelAtHop0(packet), FailureCode.InvalidOnionVersion, packet);
        Assert.Equal(0xC004, (int)FailureCode.InvalidOnionVersion);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x04)]
    [InlineData(0x05)]
    [InlineData(0xff)]
    public void BadKeyPrefix_IsInvalidOnionKey(byte prefix)
    {
        var packet = (byte[])_vector.Onion.Clone();
        packet[OnionPacket.PublicKeyOffset] = prefix;
        AssertMalformed(PeelAtHop0(packet), FailureCode.InvalidOnionKey, packet);
        Assert.Equal(0xC006, (int)FailureCode.InvalidOnionKey);
    }

    [Fact]
    public void OffCurveKey_IsInvalidOnionKey()
    {
        var packet = (byte[])_vector.Onion.Clone();
        // x = 5 is not the X coordinate of a secp256k1 point (5^3 + 7 = 132 is not a square mod p).
        var key = packet.AsSpan(OnionPacket.PublicKeyOffset, OnionPacket.PublicKeySize);
        key.Clear();
        key[0] = 0x02;
        key[^1] = 0x05;
        AssertMalformed(PeelAtHop0(packet), FailureCode.InvalidOnionKey, packet);
    }

    [Fact]
    public void KeyAboveFieldSize_IsInvalidOnionKey()
    {
        var packet = (byte[])_vector.Onion.Clone();
        var key = packet.AsSpan(OnionPacket.PublicKeyOffset, OnionPacket.PublicKeySize);
        key[1..].Fill(0xff);
        AssertMalformed(PeelAtHop0(packet), FailureCode.InvalidOnionKey, packet);
    }

    public static TheoryData<int> RegionBits()
    {
        // A bit in each region the HMAC covers or depends on: key X, routing info (start, middle, end), HMAC.
        var data = new TheoryData<int>();
        foreach (var offset in new[]
        {
            OnionPacket.PublicKeyOffset + 1, OnionPacket.PublicKeyOffset + OnionPacket.PublicKeySize - 1,
            OnionPacket.RoutingInfoOffset, OnionPacket.RoutingInfoOffset + (OnionPacket.RoutingInfoSize / 2), OnionPacket.HmacOffset - 1,
            OnionPacket.HmacOffset, OnionPacket.Size - 1,
        })
        {
            data.Add(offset * 8);
            data.Add((offset * 8) + 7);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RegionBits))]
    public void FlippedBit_IsInvalidOnionHmacOrKey(int bit)
    {
        var packet = (byte[])_vector.Onion.Clone();
        packet[bit / 8] ^= (byte)(1 << (bit % 8));
        var result = PeelAtHop0(packet);
        var inKey = bit / 8 is >= OnionPacket.PublicKeyOffset and < OnionPacket.RoutingInfoOffset;
        // A flipped X bit usually leaves the curve (invalid key); when it lands on another point the HMAC fails.
        var code = inKey && result.FailureCode == FailureCode.InvalidOnionKey ? FailureCode.InvalidOnionKey : FailureCode.InvalidOnionHmac;
        AssertMalformed(result, code, packet);
    }

    [Fact]
    public void EveryRoutingInfoAndHmacBit_FlippedOneAtATime_IsInvalidOnionHmac()
    {
        using var key = PrivateKey.Create(_vector.PrivateKeys[0]);
        var buffer = new byte[OnionPeeler.BufferSize];
        var packet = (byte[])_vector.Onion.Clone();
        for (var bit = OnionPacket.RoutingInfoOffset * 8; bit < OnionPacket.Size * 8; bit++)
        {
            packet[bit / 8] ^= (byte)(1 << (bit % 8));
            var result = OnionPeeler.Peel(key, _vector.AssociatedData, packet, buffer, parsePayload: false);
            Assert.Equal(FailureCode.InvalidOnionHmac, result.FailureCode);
            packet[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void WrongAssociatedData_IsInvalidOnionHmac()
    {
        using var key = PrivateKey.Create(_vector.PrivateKeys[0]);
        var result = OnionPeeler.Peel(key, new byte[32], _vector.Onion);
        AssertMalformed(result, FailureCode.InvalidOnionHmac, _vector.Onion);
    }

    [Fact]
    public void WrongNodeKey_IsInvalidOnionHmac()
    {
        using var key = PrivateKey.Create(_vector.PrivateKeys[1]);
        AssertMalformed(OnionPeeler.Peel(key, _vector.AssociatedData, _vector.Onion), FailureCode.InvalidOnionHmac, _vector.Onion);
    }

    [Fact]
    public void WrongPacketLength_IsACallerBug()
    {
        using var key = PrivateKey.Create(_vector.PrivateKeys[0]);
        Assert.Throws<ArgumentException>(() => OnionPeeler.Peel(key, _vector.AssociatedData, new byte[OnionPacket.Size - 1]));
    }
}
