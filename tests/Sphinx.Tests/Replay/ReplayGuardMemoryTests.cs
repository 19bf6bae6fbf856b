using LnRelay.Crypto;
using LnRelay.Sphinx.Replay;
using Xunit.Abstractions;

namespace LnRelay.Sphinx.Tests.Replay;

/// <summary>Measures the bytes per entry that <see cref="OnionReplayGuard.ApproximateBytesPerEntry"/> documents.</summary>
public sealed class ReplayGuardMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void BytesPerEntry_StayWithinTheDocumentedFigure()
    {
        const int entries = 100_000;
        var secrets = new byte[entries * 32];
        for (var i = 0; i < entries; i++)
        {
            Hashes.Sha256(BitConverter.GetBytes(i), secrets.AsSpan(i * 32, 32));
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var guard = new OnionReplayGuard(entries);
        for (var i = 0; i < entries; i++)
        {
            guard.TryRecord(secrets.AsSpan(i * 32, 32), (uint)i);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perEntry = (after - before) / (double)entries;
        output.WriteLine($"{perEntry:F1} bytes per entry ({entries} entries)");
        Assert.Equal(entries, guard.Count);
        Assert.InRange(perEntry, 8, OnionReplayGuard.ApproximateBytesPerEntry * 1.25);
        GC.KeepAlive(guard);
    }
}
