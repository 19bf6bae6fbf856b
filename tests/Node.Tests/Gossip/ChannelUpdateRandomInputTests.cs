using System.Diagnostics.CodeAnalysis;
using LnRelay.Node.Gossip;
using static LnRelay.Node.Tests.Gossip.GossipTestKeys;

namespace LnRelay.Node.Tests.Gossip;

/// <summary>
/// Seeded random and mutated input for the channel_update decoders (every parser of network bytes gets a seeded random-input test): the only
/// outcomes allowed are an update that re-encodes to the same bytes, or a declared failure.
/// Any exception fails the test.
/// </summary>
public sealed class ChannelUpdateRandomInputTests
{
    private const int Seed = 20260323;
    private const int Iterations = 60_000;

    [Fact]
    public void Random_and_mutated_input_gives_an_update_or_a_declared_failure()
    {
        var random = new Random(Seed);
        using var one = One();
        using var two = Two();
        var validMessage = Update(one, two.PublicKey).ToMessageBytes();
        var buffer = new byte[ChannelUpdate.MessageSize + 8];
        var declared = Enum.GetValues<ChannelUpdateDecodeError>().Where(f => f != ChannelUpdateDecodeError.None).ToHashSet();
        int successes = 0;
        int failures = 0;
        int verified = 0;

        for (int i = 0; i < Iterations; i++)
        {
            var input = NextInput(random, validMessage, buffer, i);

            foreach (var decoder in Decoders)
            {
                if (decoder(input, out var update, out var failure))
                {
                    successes++;
                    Assert.Equal(ChannelUpdateDecodeError.None, failure);
                    var body = update.ToBodyBytes();
                    Assert.True(input.EndsWith(body));
                    if (update.VerifySignature(one.PublicKey))
                    {
                        verified++;
                    }
                }
                else
                {
                    failures++;
                    Assert.Null(update);
                    Assert.Contains(failure, declared);
                }
            }
        }

        Assert.True(successes > 1000, $"only {successes} successes");
        Assert.True(failures > 1000, $"only {failures} failures");
        Assert.True(verified > 0, "the untouched valid update never came up");
    }

    private delegate bool Decoder(ReadOnlySpan<byte> input, [NotNullWhen(true)] out ChannelUpdate? update, out ChannelUpdateDecodeError failure);

    private static readonly Decoder[] Decoders =
    [
        ChannelUpdate.TryDecodeBody,
        ChannelUpdate.TryDecodeMessage,
        ChannelUpdate.TryDecodeEmbedded,
    ];

    /// <summary>A third pure noise of any length, the rest a valid message or body with a few bytes changed and its length nudged.</summary>
    private static ReadOnlySpan<byte> NextInput(Random random, byte[] validMessage, byte[] buffer, int i)
    {
        if (i % 3 == 0)
        {
            var noise = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(noise);
            return noise;
        }

        validMessage.CopyTo(buffer, 0);
        var start = i % 3 == 1 ? 0 : 2;
        var length = validMessage.Length - start;
        var mutations = random.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            buffer[start + random.Next(length)] ^= (byte)(1 << random.Next(8));
        }

        if (random.Next(4) == 0)
        {
            length = Math.Clamp(length + random.Next(-3, 4), 0, buffer.Length - start);
        }

        return buffer.AsSpan(start, length);
    }
}
