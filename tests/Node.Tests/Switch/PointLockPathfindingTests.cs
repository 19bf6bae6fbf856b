using LnRelay.Node.Invoices;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Node.Routing;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// Point-lock-aware pathfinding (docs/ptlc.md "Pathfinding"): a point-locked payment goes only
/// through nodes whose network.json entry announces point_locks, and says so when none does;
/// a hash-locked one still takes the cheapest route.
/// </summary>
public sealed class PointLockPathfindingTests
{
    private const ulong Amount = 1_500_000;
    private const ulong Capacity = 10_000_000;

    /// <summary>a - b - d and a - c - d, b the cheap way and c the expensive one; <paramref name="withoutPoint"/> do not announce point locks.</summary>
    private static SwitchHarness Diamond(params string[] withoutPoint)
    {
        var cheap = new PolicyDto { FeeBaseMsat = 1_000, FeeProportionalMillionths = 100, CltvExpiryDelta = 40 };
        var dear = new PolicyDto { FeeBaseMsat = 9_000, FeeProportionalMillionths = 900, CltvExpiryDelta = 40 };
        var net = new SwitchHarness(
            ["a", "b", "c", "d"],
            [
                TestNetworks.Channel("1x1x0", "a", "b", Capacity, Capacity / 2, cheap, cheap),
                TestNetworks.Channel("1x2x0", "b", "d", Capacity, Capacity / 2, cheap, cheap),
                TestNetworks.Channel("1x3x0", "a", "c", Capacity, Capacity / 2, dear, dear),
                TestNetworks.Channel("1x4x0", "c", "d", Capacity, Capacity / 2, dear, dear),
            ],
            features: withoutPoint.ToDictionary(n => n, _ => NodeFeatures.RouteBlinding));
        net.WithoutPointLocks.UnionWith(withoutPoint);
        return net;
    }

    private static Payer Payer(SwitchHarness net) =>
        new(net["a"].Switch, new PayerGraph(net.Graph), net.SessionKeys, new PaymentStore(), net.Time, net.Log.For("a"));

    private static PaymentRequest Request(Invoice invoice) =>
        new("d", invoice.AmountMsat, invoice.PaymentHash, invoice.PaymentSecret, invoice.MinFinalCltvExpiryDelta);

    [Fact]
    public async Task APointLockedPayment_AvoidsTheCheapRelayWithoutPointLocks_InOneAttempt()
    {
        var net = Diamond("b");
        var invoice = net["d"].Invoices.Create(Amount, TimeSpan.FromHours(1), SwitchHarness.MinFinalDelta, "point", pointLock: true);

        var result = await net.RunUntil(Payer(net).PayAsync(Request(invoice)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(["a", "c", "d"], result.Route);
        Assert.Single(result.Attempts);
        Assert.Equal(0, net["b"].HtlcsInFlight);
        Assert.Equal(net.InitialLocalTotal("b"), net["b"].LocalTotal);
    }

    [Fact]
    public async Task AHashLockedPayment_StillTakesTheCheapRelay()
    {
        var net = Diamond("b");
        var invoice = net.Invoice("d", Amount);

        var result = await net.RunUntil(Payer(net).PayAsync(Request(invoice)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(["a", "b", "d"], result.Route);
    }

    [Fact]
    public async Task WithNoPointCapableRoute_ThePaymentFailsAtOnce_NamingTheNodesThatLackTheFeature()
    {
        var net = Diamond("b", "c");
        var invoice = net["d"].Invoices.Create(Amount, TimeSpan.FromHours(1), SwitchHarness.MinFinalDelta, "point", pointLock: true);

        var result = await net.RunUntil(Payer(net).PayAsync(Request(invoice)));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Empty(result.Attempts);
        Assert.Equal(PaymentFailureKind.NoRoute, result.Failure!.Kind);
        Assert.Contains("announces point_locks", result.Failure.Detail, StringComparison.Ordinal);
        Assert.Contains("through b, which do not", result.Failure.Detail, StringComparison.Ordinal);
        Assert.Equal(0, net["b"].HtlcsInFlight + net["c"].HtlcsInFlight);
    }

    [Fact]
    public void ThePathFinder_RefusesAPayeeThatDoesNotAnnounceARequiredFeature()
    {
        var net = Diamond("d");
        var constraints = new PathConstraints { RequiredFeatures = NodeFeatures.PointLocks };
        constraints.OriginBalances[net.Network.ChannelsOf("a").First().ShortChannelId.Value] = Capacity;

        Assert.Null(PathFinder.FindRoute(net.Graph, "a", "d", Amount, 2000, constraints));
        Assert.NotNull(PathFinder.FindRoute(net.Graph, "a", "b", Amount, 2000, constraints));
    }
}
