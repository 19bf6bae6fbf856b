using LnRelay.Crypto;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Sphinx.Tests.Blinding;

/// <summary>Seeded random input for every new parser of network bytes: success or the declared failure, never another exception.</summary>
public sealed class BlindingRandomInputTests
{
    private const int Seed = 1515;
    private const int Iterations = 100_000;

    [Fact]
    public void RecipientData_RandomAndMutatedStreams_DecodeOrGiveADeclaredFailure()
    {
        var random = new Random(Seed);
        byte[][] valid =
        [
            Convert.FromHexString("011a0000000000000000000000000000000000000000000000000000020800000000000006c10a0800240000009627100c06000b69e505dc0e00fd023103123456"),
            Convert.FromHexString("020800000000000004510821031b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f0a0800300000006401f40c06000b69c105dc0e00"),
            Convert.FromHexString("011a00000000000000000000000000000000000000000000000000000604deadbeef0c06000b690105dc0e0f020000000000000000000000000000fdffff0206c1"),
        ];
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = i % 4 == 0 ? RandomBytes(random, 80) : Mutated(random, valid[random.Next(valid.Length)]);
            if (RecipientData.TryParse(input, out var data, out var failure))
            {
                accepted++;
                Assert.True(RecipientData.TryParse(data.Encode(), out var again, out _));
                Assert.Equal(data.Encode(), again.Encode());
            }
            else
            {
                Assert.True(Enum.IsDefined(failure.Reason));
                Assert.InRange(failure.Offset, 0, Math.Max(0, input.Length - 1));
            }
        }

        Assert.True(accepted > 1000, $"only {accepted} accepted");
    }

    [Fact]
    public void BlindedHopPayload_RandomAndMutatedStreams_ParseOrGiveADeclaredError()
    {
        var random = new Random(Seed);
        using var key = PrivateKey.Create(Enumerable.Repeat((byte)0x42, 32).ToArray());
        byte[][] valid =
        [
            new BlindedHopPayload(new byte[40], key.PublicKey).Encode(),
            new BlindedHopPayload(new byte[40]).Encode(),
            new BlindedHopPayload(new byte[40], 100000, 749000, 150000).Encode(),
        ];
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = i % 4 == 0 ? RandomBytes(random, 60) : Mutated(random, valid[random.Next(valid.Length)]);
            foreach (var isFinal in (bool[])[false, true])
            {
                if (BlindedHopPayload.TryParse(input, isFinal, out var payload, out var error))
                {
                    accepted++;
                    Assert.Equal(isFinal, payload.IsFinal);
                    Assert.True(BlindedHopPayload.TryParse(payload.Encode(), isFinal, out _, out _));
                }
                else
                {
                    Assert.True(Enum.IsDefined(error.Reason));
                    Assert.InRange(error.Offset, 0, Math.Max(0, input.Length - 1));
                }
            }
        }

        Assert.True(accepted > 1000, $"only {accepted} accepted");
    }

    [Fact]
    public void Unblind_RandomBlobs_GiveADeclaredFailure()
    {
        var random = new Random(Seed);
        using var key = PrivateKey.Create(Enumerable.Repeat((byte)0x43, 32).ToArray());
        var pathKey = PublicKey.Parse(Convert.FromHexString("034e09f450a80c3d252b258aba0a61215bf60dda3b0dc78ffb0736ea1259dfd8a0"));
        for (var i = 0; i < Iterations / 10; i++)
        {
            var reason = BlindedHopReader.TryUnblind(key, pathKey, RandomBytes(random, 100), out var hop);
            Assert.Equal(BlindingFailureReason.UndecryptableRecipientData, reason);
            Assert.Null(hop);
        }
    }

    [Fact]
    public void BlindedPeel_RandomPacketsAndPathKeys_GiveADeclaredOutcome()
    {
        var random = new Random(Seed);
        using var key = PrivateKey.Create(Enumerable.Repeat((byte)0x44, 32).ToArray());
        var pathKey = PublicKey.Parse(Convert.FromHexString("034e09f450a80c3d252b258aba0a61215bf60dda3b0dc78ffb0736ea1259dfd8a0"));
        var buffer = new byte[OnionPeeler.BufferSize];
        var packet = new byte[OnionPacket.Size];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(packet);
            packet[0] = (byte)(random.Next(4) == 0 ? 1 : 0);
            if (random.Next(2) == 0)
            {
                pathKey.WriteCompressed(packet.AsSpan(OnionPacket.PublicKeyOffset));
            }

            var result = BlindedOnionPeeler.Peel(key, random.Next(2) == 0 ? pathKey : null, RandomBlindedPath.AssociatedData, packet, buffer, null, 0);
            Assert.True(result.Outcome is BlindedPeelOutcome.Clear or BlindedPeelOutcome.Refused, result.Outcome.ToString());
            Assert.True(Enum.IsDefined(result.Failure));
        }
    }

    private static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutated(Random random, byte[] source)
    {
        var bytes = source[..random.Next(source.Length + 1)];
        for (var flips = random.Next(3); flips > 0 && bytes.Length > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }
}
