using System.Buffers.Binary;
using System.Diagnostics;
using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Tests.Messages;

/// <summary>
/// Every parser of network bytes gets a seeded random-input
/// test that allows only success or the declared failure, never another exception.
/// </summary>
public sealed class MessageDecoderRandomInputTests
{
    private const int Seed = 20260401;
    private const int Iterations = 300_000;

    private static readonly ushort[] KnownTypes = [.. Enum.GetValues<MessageType>().Select(t => (ushort)t)];

    [Fact]
    public void RandomAndMutatedInputs_OnlyDecodeOrFailDeclaredly()
    {
        var random = new Random(Seed);
        var samples = SampleMessages.All().Select(row => ((LightningMessage)row[1]).Encode()).ToArray();
        var counts = new Dictionary<MessageDecodeStatus, int>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Iterations; i++)
        {
            var input = (i % 3) switch
            {
                0 => RandomMessage(random),
                1 => Mutate(random, samples[random.Next(samples.Length)]),
                _ => Truncate(random, samples[random.Next(samples.Length)]),
            };

            var result = MessageDecoder.Decode(input);
            counts[result.Status] = counts.GetValueOrDefault(result.Status) + 1;
            switch (result.Status)
            {
                case MessageDecodeStatus.Decoded:
                    // Whatever decodes must encode again without throwing.
                    Assert.NotNull(result.Message);
                    Assert.Equal(MessageDecodeFailure.None, result.Failure);
                    _ = result.Message.Encode();
                    break;
                case MessageDecodeStatus.Malformed:
                    Assert.NotEqual(MessageDecodeFailure.None, result.Failure);
                    Assert.Null(result.Message);
                    break;
                default:
                    Assert.Null(result.Message);
                    break;
            }
        }

        // The generators reach every outcome, so the test exercises each path.
        Assert.All(Enum.GetValues<MessageDecodeStatus>(), status => Assert.True(counts.GetValueOrDefault(status) > 0, $"{status} never produced"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    private static byte[] RandomMessage(Random random)
    {
        var length = random.Next(0, 4) == 0 ? random.Next(0, 8) : random.Next(0, 1600);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (length >= 2 && random.Next(4) != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, KnownTypes[random.Next(KnownTypes.Length)]);
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] sample)
    {
        var bytes = (byte[])sample.Clone();
        var flips = random.Next(1, 4);
        for (var f = 0; f < flips; f++)
        {
            // Keep the type most of the time so the known decoders see the damage.
            var index = random.Next(bytes.Length > 2 && random.Next(8) != 0 ? 2 : 0, bytes.Length);
            bytes[index] ^= (byte)random.Next(1, 256);
        }

        if (random.Next(4) == 0)
        {
            var tail = new byte[random.Next(1, 12)];
            random.NextBytes(tail);
            bytes = [.. bytes, .. tail];
        }

        return bytes;
    }

    private static byte[] Truncate(Random random, byte[] sample) => sample[..random.Next(0, sample.Length + 1)];
}
