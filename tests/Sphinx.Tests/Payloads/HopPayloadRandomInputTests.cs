using LnRelay.Sphinx.Payloads;

namespace LnRelay.Sphinx.Tests.Payloads;

/// <summary>Seeded random input for the hop payload parser: success or a declared error, never an exception.</summary>
public sealed class HopPayloadRandomInputTests
{
    private const int Seed = 4242;
    private const int Iterations = 200_000;

    [Fact]
    public void Random_and_mutated_payloads_give_a_payload_or_a_declared_error()
    {
        var random = new Random(Seed);
        byte[] valid = new FinalPayload(15000, 1500, new byte[32], 15000, [1, 2, 3]).Encode();
        byte[] relay = new RelayPayload(15000, 1500, new ShortChannelId(1, 2, 3), [new(513, new byte[20])]).Encode();
        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = (i % 3) switch
            {
                0 => RandomBytes(random),
                1 => Mutated(random, valid),
                _ => Mutated(random, relay),
            };
            int baseOffset = random.Next(4);

            if (RelayPayload.TryParse(input, out RelayPayload? r, out HopPayloadError error, baseOffset))
            {
                accepted++;
                Assert.True(RelayPayload.TryParse(r.Encode(), out _, out _));
            }
            else
            {
                Check(error, input, baseOffset);
            }

            if (FinalPayload.TryParse(input, out FinalPayload? f, out error, baseOffset))
            {
                accepted++;
                Assert.True(FinalPayload.TryParse(f.Encode(), out _, out _));
            }
            else
            {
                Check(error, input, baseOffset);
            }
        }

        Assert.True(accepted > 100, $"only {accepted} accepted");
    }

    private static void Check(HopPayloadError error, byte[] input, int baseOffset)
    {
        Assert.True(Enum.IsDefined(error.Reason));
        Assert.InRange(error.Offset, baseOffset, baseOffset + Math.Max(0, input.Length - 1));
        Assert.Equal(Sphinx.Failures.FailureCode.InvalidOnionPayload, error.ToFailureMessage().Code);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(48)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutated(Random random, byte[] source)
    {
        byte[] bytes = source[..random.Next(source.Length + 1)];
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }
}
