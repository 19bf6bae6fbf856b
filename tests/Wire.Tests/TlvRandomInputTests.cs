namespace LnRelay.Wire.Tests;

/// <summary>
/// Seeded random input for the TLV reader and BigSize/truncated-int decoders (every parser of network bytes gets one):
/// the only outcomes allowed are success or a declared failure; any exception fails the test.
/// </summary>
public sealed class TlvRandomInputTests
{
    private const int Seed = 20260323;
    private const int Iterations = 300_000;
    private static readonly ulong[] Known = [0, 1, 2, 4, 6, 8, 254, 0x10000];

    [Fact]
    public void Random_and_mutated_streams_give_records_or_a_declared_failure()
    {
        var random = new Random(Seed);
        byte[] buffer = new byte[64];
        int successes = 0;
        int failures = 0;
        for (int i = 0; i < Iterations; i++)
        {
            int length = random.Next(buffer.Length + 1);
            Span<byte> input = buffer.AsSpan(0, length);
            if (i % 2 == 0)
            {
                random.NextBytes(input);
            }
            else
            {
                length = WriteValidStream(random, buffer);
                input = buffer.AsSpan(0, length);
                Mutate(random, input);
            }

            if (ReadAll(input, out int count))
            {
                successes++;
                Assert.True(count >= 0);
            }
            else
            {
                failures++;
            }

            BigSize.TryRead(input, out _, out int consumed);
            Assert.InRange(consumed, 0, BigSize.MaxSize);
            TruncatedInt.TryReadTu64(input[..Math.Min(input.Length, 9)], out _);
        }

        Assert.True(successes > 1000, $"only {successes} successes");
        Assert.True(failures > 1000, $"only {failures} failures");
    }

    private static bool ReadAll(ReadOnlySpan<byte> input, out int count)
    {
        count = 0;
        var reader = new TlvReader(input, Known);
        ulong? previous = null;
        while (reader.TryRead(out TlvRecord record))
        {
            Assert.True(previous is null || record.Type > previous);
            Assert.True(record.IsKnown || record.Type % 2 == 1);
            Assert.InRange(record.Offset, 0, input.Length - 1);
            previous = record.Type;
            count++;
            record.TryGetTu64(out _, out _);
            record.TryGetU16(out _, out _);
        }

        if (reader.Failure is { } failure)
        {
            Assert.True(Enum.IsDefined(failure.Reason));
            Assert.InRange(failure.Offset, 0, input.Length - 1);
            return false;
        }

        Assert.Equal(input.Length, reader.Position);
        return true;
    }

    private static int WriteValidStream(Random random, byte[] buffer)
    {
        var writer = new TlvWriter();
        ulong type = (ulong)random.Next(3);
        while (writer.WrittenSpan.Length < buffer.Length - 16)
        {
            int valueLength = random.Next(8);
            var value = new byte[valueLength];
            random.NextBytes(value);
            writer.Write(type, value);
            type += (ulong)random.Next(1, 300);
        }

        writer.WrittenSpan.CopyTo(buffer);
        return writer.WrittenSpan.Length;
    }

    private static void Mutate(Random random, Span<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        int flips = random.Next(1, 3);
        for (int f = 0; f < flips; f++)
        {
            input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
        }
    }
}
