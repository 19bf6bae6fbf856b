using LnRelay.Node.Routing;
using LnRelay.Node.Switch;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// Seeded random traffic on a 5-node graph with faults injected, messages delivered in a
/// random interleaving of links (each link in order): money is conserved, both ends of every
/// channel agree, nothing stays in flight, and every channel's invariant holds after every
/// single message.
/// </summary>
public sealed class RandomInvariantTests
{
    private const ulong Capacity = 40_000_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_payments_with_faults_conserve_money_and_leave_nothing_in_flight(int seed)
    {
        var random = new Random(seed);
        var net = Pentagon();
        net.AfterEachDelivery = net.AssertInvariants;
        var names = net.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var expected = names.ToDictionary(n => n, n => (long)net.InitialLocalTotal(n));
        var total = expected.Values.Sum();
        int fulfilled = 0, failed = 0;

        for (var round = 0; round < 40; round++)
        {
            foreach (var node in net.Nodes)
            {
                node.Switch.Faults = FaultInjectionOptions.None;
            }

            var relay = names[random.Next(names.Count)];
            var fault = random.Next(10);
            if (fault == 0)
            {
                net[relay].Switch.Faults = new FaultInjectionOptions { RefuseToForward = true };
            }
            else if (fault == 1)
            {
                net[relay].Switch.Faults = new FaultInjectionOptions { CorruptForwardedOnions = true };
            }
            else if (fault == 2)
            {
                var channel = net[relay].Channels[random.Next(net[relay].Channels.Count)];
                Assert.True(net[relay].Switch.TrySetPolicy(channel.ShortChannelId, channel.LocalPolicy with { FeeBaseMsat = channel.LocalPolicy.FeeBaseMsat + 5_000 }));
            }

            var attempts = new List<Attempt>();
            for (var p = random.Next(1, 5); p > 0; p--)
            {
                var from = names[random.Next(names.Count)];
                var to = names[random.Next(names.Count)];
                if (from == to)
                {
                    continue;
                }

                var amount = (ulong)random.Next(1_000, 6_000_000);
                var invoice = net.Invoice(to, amount);
                var constraints = new PathConstraints();
                foreach (var (scid, balance) in net[from].Switch.SpendableBalances())
                {
                    constraints.OriginBalances[scid] = balance;
                }

                var route = PathFinder.FindRoute(net.Graph, from, to, amount, net.Height + SwitchHarness.MinFinalDelta, constraints);
                if (route is null)
                {
                    continue;
                }

                var secret = random.Next(8) == 0 ? new byte[32] : invoice.PaymentSecret;
                attempts.Add(net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, secret, amount)));
            }

            if (random.Next(6) == 0 && net.AllQueued().FirstOrDefault() is { } victim)
            {
                net.Duplicate(victim.From, victim.To);
            }

            net.PumpUntilQuiet(random);

            foreach (var attempt in attempts)
            {
                if (attempt.Outcome.Kind == AttemptOutcomeKind.Fulfilled)
                {
                    fulfilled++;
                    expected[attempt.Route.Origin.Name] -= (long)attempt.Route.First.IncomingAmountMsat;
                    foreach (var hop in attempt.Route.Hops)
                    {
                        expected[hop.Node.Name] += (long)(hop.IsFinal ? hop.AmountToForwardMsat : hop.IncomingAmountMsat - hop.AmountToForwardMsat);
                    }
                }
                else
                {
                    failed++;
                }
            }

            Assert.All(net.Nodes, n => Assert.Equal(0, n.HtlcsInFlight));
            net.AssertEndsAgree();
            Assert.All(net.Nodes, n => Assert.Equal(expected[n.Name], (long)n.LocalTotal));
        }

        Assert.Equal(total, net.Nodes.Sum(n => (long)n.LocalTotal));
        Assert.InRange(fulfilled, 10, int.MaxValue);
        Assert.InRange(failed, 3, int.MaxValue);
    }

    /// <summary>A ring a-b-c-d-e-a with chords a-c and b-d; every node's policy differs.</summary>
    private static SwitchHarness Pentagon()
    {
        string[] names = ["a", "b", "c", "d", "e"];
        (int From, int To)[] edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (0, 2), (1, 3)];
        var channels = edges.Select((e, i) => TestNetworks.Channel(
            $"{i + 1}x1x0", names[e.From], names[e.To], Capacity, Capacity / 2, SwitchHarness.PolicyOf(e.From), SwitchHarness.PolicyOf(e.To))).ToList();
        return new SwitchHarness(names, channels);
    }
}
