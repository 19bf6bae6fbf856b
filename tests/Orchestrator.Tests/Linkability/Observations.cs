using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Linkability;

namespace LnRelay.Orchestrator.Tests.Linkability;

/// <summary>Synthetic HopView observations for the linkers' tests: relays on routes with the default policy (1000 msat + 100 ppm, delta 40).</summary>
internal sealed class Observations
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<LinkObservation> _all = [];

    public IReadOnlyList<LinkObservation> All => _all;

    /// <summary>The default policy's fee for forwarding <paramref name="amount"/>.</summary>
    public static ulong Fee(ulong amount) => 1_000 + (amount * 100 / 1_000_000);

    public LinkObservation Relay(string node, string prev, string next, ulong amountOut, uint cltvOut, double ms, params string[] ids) =>
        Add(node, "relay", ms, prev, next, $"{prev}-{node}", $"{node}-{next}", amountOut + Fee(amountOut), cltvOut + 40, amountOut, cltvOut, ids);

    public LinkObservation Final(string node, string prev, ulong amountIn, uint cltvIn, double ms, params string[] ids) =>
        Add(node, "final", ms, prev, null, $"{prev}-{node}", null, amountIn, cltvIn, null, null, ids);

    public LinkObservation Origin(string node, string next, ulong amountOut, uint cltvOut, double ms, params string[] ids) =>
        Add(node, "origin", ms, null, next, null, $"{node}-{next}", null, null, amountOut, cltvOut, ids);

    private LinkObservation Add(string node, string role, double ms, string? prev, string? next, string? inChannel, string? outChannel, ulong? amountIn, uint? cltvIn, ulong? amountOut, uint? cltvOut, string[] ids)
    {
        var o = new LinkObservation(_all.Count, node, T0.AddMilliseconds(ms), new HopView(role, prev, next, inChannel, outChannel, amountIn, amountOut, cltvIn, cltvOut), ids);
        _all.Add(o);
        return o;
    }

    /// <summary>
    /// One payment over alice → bob → carol → dave → erin (bob and dave the colluders, carol honest
    /// between them): bob's view stamped at <paramref name="ms"/>, dave's 2 ms later.
    /// </summary>
    public (LinkObservation Bob, LinkObservation Dave) BobCarolDave(ulong amountAtErin, uint cltvAtErin, double ms, string bobLock, string daveLock)
    {
        var daveIn = amountAtErin + Fee(amountAtErin);
        var bobOut = daveIn + Fee(daveIn);
        var bob = Relay("bob", "alice", "carol", bobOut, cltvAtErin + 80, ms, bobLock);
        var dave = Relay("dave", "carol", "erin", amountAtErin, cltvAtErin, ms + 2, daveLock);
        return (bob, dave);
    }
}
