using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Onion;

/// <summary>
/// A seeded random-input test of the peel. The only outcomes
/// allowed are a result (Forward/Final) or a declared failure (Malformed with a
/// BADONION code, PayloadFailure); never an exception.
/// </summary>
public sealed class OnionPeelRandomInputTests
{
    private static readonly byte[] AssociatedData = Enumerable.Repeat((byte)0x42, 32).ToArray();

    [Fact]
    public void RandomPackets_OnlyDeclaredOutcomes()
    {
        var random = new Random(20260401);
        using var key = PrivateKey.Create(Enumerable.Repeat((byte)0x41, 32).ToArray());
        var valid = OnionVectorRoute.Load().Onion;
        var packet = new byte[OnionPacket.Size];
        var buffer = new byte[OnionPeeler.BufferSize];
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 200_000; i++)
        {
            // Mostly cheap rejections; one in twenty reaches ECDH (which costs tens of microseconds).
            switch (i % 40)
            {
                case < 38:
                    // Entirely random bytes: mostly a bad version.
                    random.NextBytes(packet);
                    break;
                case 38:
                    // Version 0 and random rest: reaches the key check, often ECDH and the HMAC.
                    random.NextBytes(packet);
                    packet[0] = 0;
                    packet[1] = (byte)(2 + (i & 1));
                    break;
                default:
                    // The vector onion with a few random bytes changed.
                    valid.CopyTo(packet, 0);
                    for (var j = random.Next(1, 4); j > 0; j--)
                    {
                        packet[random.Next(OnionPacket.Size)] = (byte)random.Next(256);
                    }

                    break;
            }

            Count(counts, OnionPeeler.Peel(key, AssociatedData, packet, buffer));
        }

        // Every BADONION code was reached.
        Assert.True(counts.Count >= 3, string.Join(", ", counts));
    }

    [Fact]
    public void RandomPlaintextWithValidHmac_OnlyDeclaredOutcomes()
    {
        // Past the HMAC, the hop entry and the payload parser see attacker-chosen bytes.
        var random = new Random(7);
        using var key = PrivateKey.Create(Enumerable.Repeat((byte)0x41, 32).ToArray());
        var crafted = new CraftedOnion(Enumerable.Repeat((byte)0x07, 32).ToArray(), key.PublicKey);
        var plaintext = new byte[OnionPacket.RoutingInfoSize];
        var packet = new byte[OnionPacket.Size];
        var buffer = new byte[OnionPeeler.BufferSize];
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(plaintext);
            // Bias towards short, plausible entries so the TLV parser and the final-hop path are reached.
            if (i % 2 == 0)
            {
                var length = random.Next(0, 300);
                plaintext[0] = (byte)Math.Min(length, 252);
                if (i % 4 == 0)
                {
                    plaintext.AsSpan(1 + plaintext[0], 32).Clear();
                }
            }

            crafted.Write(plaintext, AssociatedData, packet);
            Count(counts, OnionPeeler.Peel(key, AssociatedData, packet, buffer));
        }

        Assert.Contains(nameof(OnionPeelOutcome.PayloadFailure), counts.Keys);
    }

    private static void Count(Dictionary<string, int> counts, OnionPeelResult result)
    {
        switch (result.Outcome)
        {
            case OnionPeelOutcome.Malformed:
                Assert.Equal(0xC000, (ushort)result.FailureCode & 0xC000);
                Assert.Equal(32, result.Sha256OfOnion.Length);
                break;
            case OnionPeelOutcome.PayloadFailure:
                Assert.Equal(32, result.SharedSecret.Length);
                break;
            case OnionPeelOutcome.Forward:
                Assert.Equal(OnionPacket.Size, result.NextPacket.Length);
                break;
            case OnionPeelOutcome.Final:
                Assert.True(result.NextPacket.IsEmpty);
                break;
            default:
                Assert.Fail($"Undeclared outcome {result.Outcome}.");
                break;
        }

        var name = result.Outcome == OnionPeelOutcome.Malformed ? result.FailureCode.ToString() : result.Outcome.ToString();
        counts[name] = counts.GetValueOrDefault(name) + 1;
    }
}
