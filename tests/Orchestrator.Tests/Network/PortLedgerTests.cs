using System.Globalization;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Tests.Shared;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>
/// The ledger of ports handed out lately is shared through its file alone, as two lnrelay
/// processes share it: what one claims the other avoids for an hour, and a damaged or
/// locked ledger costs only that memory, never a choice.
/// </summary>
public sealed class PortLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lnrelay-ledger-").FullName;
    private readonly ManualTimeProvider _time = new();

    private string LedgerPath => Path.Combine(_dir, "ledger", "ports-handed-out");

    [Fact]
    public void What_one_ledger_claims_another_on_the_same_file_sees()
    {
        var first = new PortLedger(LedgerPath, _time);
        var second = new PortLedger(LedgerPath, _time);

        Assert.Equal([21_001, 21_002], first.Claim(recent => [21_001, 21_002]));
        IReadOnlyDictionary<int, DateTimeOffset>? seen = null;
        second.Claim(recent =>
        {
            seen = recent;
            return [21_003];
        });

        Assert.Equal([21_001, 21_002], seen!.Keys.Order());
        Assert.All(seen.Values, at => Assert.Equal(_time.GetUtcNow(), at));
        Assert.Equal([21_001, 21_002, 21_003], Recent(new PortLedger(LedgerPath, _time)).Keys.Order());
    }

    [Fact]
    public void Ports_are_forgotten_an_hour_after_they_were_handed_out()
    {
        var ledger = new PortLedger(LedgerPath, _time);
        ledger.Claim(_ => [22_001]);
        _time.Advance(PortLedger.Memory - TimeSpan.FromSeconds(1));
        ledger.Claim(_ => [22_002]);
        Assert.Equal([22_001, 22_002], Recent(ledger).Keys.Order());

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([22_002], Recent(ledger).Keys);
        Assert.DoesNotContain("22001", File.ReadAllText(LedgerPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_lines_are_dropped_and_the_rest_kept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        var now = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(LedgerPath, $"23001 {now}\nnot a line\n70000 {now}\n23002\n-5 {now}\n23003 99999999999999999999\n\0\0\0\n23004 {now} extra\n");
        var ledger = new PortLedger(LedgerPath, _time);

        Assert.Equal([23_001], Recent(ledger).Keys);
        Assert.Equal($"23001 {now}\n", File.ReadAllText(LedgerPath));
    }

    [Fact]
    public void A_ledger_locked_past_the_wait_is_skipped_and_the_choice_still_made()
    {
        var ledger = new PortLedger(LedgerPath, _time, lockWait: TimeSpan.FromMilliseconds(200));
        ledger.Claim(_ => [24_001]);
        IReadOnlyDictionary<int, DateTimeOffset>? seen = null;
        using (new FileStream(LedgerPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal([24_002], ledger.Claim(recent =>
            {
                seen = recent;
                return [24_002];
            }));
        }

        Assert.Empty(seen!);
        Assert.Equal([24_001], Recent(ledger).Keys);
    }

    [Fact]
    public void A_ledger_that_cannot_be_created_still_lets_ports_be_chosen()
    {
        File.WriteAllText(Path.Combine(_dir, "ledger"), "a file where the ledger's folder would be");
        var ledger = new PortLedger(LedgerPath, _time);

        Assert.Equal([25_001], ledger.Claim(recent => [25_001]));
    }

    [Fact]
    public void PortPlan_chooses_only_ports_the_ledger_does_not_list()
    {
        var (low, high) = ChosenRange();
        var open = Enumerable.Range(low, high - low).Where(p => p % 97 == 0).ToHashSet();
        WriteLedger(Enumerable.Range(low, high - low).Where(p => !open.Contains(p)).Select(p => (p, _time.GetUtcNow())));

        var ports = PortPlan.FreePorts(10, new PortLedger(LedgerPath, _time));

        Assert.Equal(10, ports.Distinct().Count());
        Assert.All(ports, p => Assert.Contains(p, open));
        Assert.All(ports, p => Assert.True(Recent(new PortLedger(LedgerPath, _time)).ContainsKey(p)));
    }

    [Fact]
    public void When_every_port_is_listed_PortPlan_takes_those_handed_out_longest_ago()
    {
        var (low, high) = ChosenRange();
        var oldest = Enumerable.Range(low, high - low).Where(p => p % 211 == 0).ToHashSet();
        var now = _time.GetUtcNow();
        WriteLedger(Enumerable.Range(low, high - low).Select(p => (p, oldest.Contains(p) ? now - TimeSpan.FromMinutes(50) : now - TimeSpan.FromMinutes(1))));

        var ports = PortPlan.FreePorts(3, new PortLedger(LedgerPath, _time));

        Assert.All(ports, p => Assert.Contains(p, oldest));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IReadOnlyDictionary<int, DateTimeOffset> Recent(PortLedger ledger)
    {
        IReadOnlyDictionary<int, DateTimeOffset> seen = new Dictionary<int, DateTimeOffset>();
        ledger.Claim(recent =>
        {
            seen = recent;
            return [];
        });
        return seen;
    }

    /// <summary>The range PortPlan chooses from on this machine: from 20,000 to the kernel's ephemeral range (Linux, where these tests run).</summary>
    private static (int Low, int High) ChosenRange()
    {
        var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
        return (20_000, int.Parse(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
    }

    private void WriteLedger(IEnumerable<(int Port, DateTimeOffset At)> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerPath)!);
        File.WriteAllLines(LedgerPath, lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Port} {l.At.ToUnixTimeSeconds()}")));
    }
}
