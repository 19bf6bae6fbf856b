using LnRelay.Node.MultiPart;
using LnRelay.Node.Network;
using LnRelay.Node.Routing;

namespace LnRelay.Node.Tests.MultiPart;

/// <summary>The payer's splitter on its own (docs/mpp.md, "Splitting policy"), with the real route finder on test graphs.</summary>
public sealed class PartPlannerTests
{
    private const uint FinalCltv = 1_100;

    [Fact]
    public void An_amount_no_single_route_carries_is_halved_into_parts_over_different_routes()
    {
        var network = Star(["b", "c", "d"], capacity: 4_000_000, originBalance: 2_500_000);
        var (plan, _) = Plan(network, 6_000_000, new SplitPolicy { MinPartMsat = 100_000 });

        Assert.True(plan.Covered);
        Assert.Equal(6_000_000UL, plan.Routes.Aggregate(0UL, (sum, r) => sum + r.Final.AmountToForwardMsat));
        // 6 M and 3 M fit no route (2.5 M a side); 1.5 M fits each of the three once; the last
        // 1.5 M fits none of what is left, and goes as two halves.
        Assert.Equal([1_500_000UL, 1_500_000, 1_500_000, 750_000, 750_000], plan.Routes.Select(r => r.Final.AmountToForwardMsat));
        Assert.Equal(3, plan.Routes.Take(3).Select(r => r.Hops[0].Node.Name).Distinct().Count());
    }

    [Fact]
    public void An_amount_one_route_carries_is_one_part_on_the_route_a_single_payment_would_take()
    {
        var network = Star(["b", "c", "d"], capacity: 4_000_000, originBalance: 2_500_000);
        var (plan, _) = Plan(network, 2_000_000, new SplitPolicy());

        var route = Assert.Single(plan.Routes);
        var single = PathFinder.FindRoute(new ChannelGraph(network), "a", "e", 2_000_000, FinalCltv, Constraints(network));
        Assert.Equal(single!.ToString(), route.ToString());
    }

    [Fact]
    public void A_largest_part_splits_an_amount_one_route_carries_into_parts_of_that_size_and_the_remainder()
    {
        var network = Star(["b", "c", "d"], capacity: 4_000_000, originBalance: 2_500_000);
        var (plan, _) = Plan(network, 2_000_000, new SplitPolicy { MaxPartMsat = 700_000 });

        Assert.True(plan.Covered);
        Assert.Equal([700_000UL, 700_000, 600_000], plan.Routes.Select(r => r.Final.AmountToForwardMsat));
    }

    [Fact]
    public void Halving_stops_at_the_floor_and_the_plan_says_no_route()
    {
        var network = Star(["b", "c", "d"], capacity: 4_000_000, originBalance: 2_500_000);

        var (plan, _) = Plan(network, 6_000_000, new SplitPolicy { MinPartMsat = 2_000_000 });

        // 6 M and 3 M fit no route; 1.5 M would, but is below the floor.
        Assert.Equal(PartPlanFailure.NoRoute, plan.Failure);
        Assert.Empty(plan.Routes);
    }

    [Fact]
    public void More_parts_than_the_limit_allows_stops_the_plan_with_part_limit()
    {
        var network = Star(["b", "c", "d"], capacity: 4_000_000, originBalance: 2_500_000);

        Assert.Equal(PartPlanFailure.PartLimit, Plan(network, 6_000_000, new SplitPolicy { MaxParts = 3, MinPartMsat = 100_000 }).Plan.Failure);
        Assert.Equal(PartPlanFailure.PartLimit, Plan(network, 6_000_000, new SplitPolicy { MinPartMsat = 100_000 }, partsInUse: 14).Plan.Failure);
    }

    [Fact]
    public void Fees_over_the_limit_stop_the_plan_with_fee_limit()
    {
        var network = Star(["b", "c", "d"], capacity: 4_000_000, originBalance: 2_500_000);
        var (covered, _) = Plan(network, 6_000_000, new SplitPolicy { MinPartMsat = 100_000 });
        var fees = covered.Routes.Aggregate(0UL, (sum, r) => sum + r.FeeMsat);

        Assert.True(Plan(network, 6_000_000, new SplitPolicy { MinPartMsat = 100_000, MaxFeeMsat = fees }).Plan.Covered);
        Assert.Equal(PartPlanFailure.FeeLimit, Plan(network, 6_000_000, new SplitPolicy { MinPartMsat = 100_000, MaxFeeMsat = fees - 1 }).Plan.Failure);
    }

    [Fact]
    public void On_random_graphs_parts_sum_to_the_amount_fit_every_channel_respect_floor_and_cap_and_repeat_for_the_same_inputs()
    {
        var random = new Random(16);
        var covered = 0;
        for (var round = 0; round < 60; round++)
        {
            var network = RandomNetwork(random);
            var amount = (ulong)random.NextInt64(100_000, 12_000_000);
            var policy = new SplitPolicy { MaxParts = random.Next(1, 12), MinPartMsat = (ulong)random.NextInt64(10_000, 500_000) };
            var (plan, constraints) = Plan(network, amount, policy);
            var (again, _) = Plan(network, amount, policy);
            Assert.Equal(plan.Routes.Select(r => $"{r}:{r.First.IncomingAmountMsat}"), again.Routes.Select(r => $"{r}:{r.First.IncomingAmountMsat}"));

            Assert.True(plan.Routes.Count <= policy.MaxParts);
            Assert.All(plan.Routes.SkipLast(1), r => Assert.True(r.Final.AmountToForwardMsat >= policy.MinPartMsat));
            foreach (var ((scid, from), used) in constraints.InFlightMsat)
            {
                Assert.True(used <= network.Channels.Single(c => c.ShortChannelId.Value == scid).CapacityMsat, $"{from} on {scid} carries {used} msat");
            }

            foreach (var channel in network.ChannelsOf("a"))
            {
                var sent = plan.Routes.Where(r => r.First.IncomingChannel == channel.ShortChannelId).Aggregate(0UL, (sum, r) => sum + r.First.IncomingAmountMsat);
                Assert.True(sent <= channel.BalanceOf("a"));
            }

            if (plan.Covered)
            {
                covered++;
                Assert.Equal(amount, plan.Routes.Aggregate(0UL, (sum, r) => sum + r.Final.AmountToForwardMsat));
            }
        }

        Assert.InRange(covered, 10, 59);
    }

    private static (PartPlan Plan, PathConstraints Constraints) Plan(NetworkDescription network, ulong amount, SplitPolicy policy, int partsInUse = 0)
    {
        var graph = new ChannelGraph(network);
        var constraints = Constraints(network);
        var plan = PartPlanner.Plan(amount, partsInUse, 0, policy, a => PathFinder.FindRoute(graph, "a", "e", a, FinalCltv, constraints), r => PartReservations.Reserve(constraints, r));
        return (plan, constraints);
    }

    private static PathConstraints Constraints(NetworkDescription network)
    {
        var constraints = new PathConstraints();
        foreach (var c in network.ChannelsOf("a"))
        {
            constraints.OriginBalances[c.ShortChannelId.Value] = c.BalanceOf("a");
        }

        return constraints;
    }

    /// <summary>a to e through each of <paramref name="middles"/>, one channel each way.</summary>
    private static NetworkDescription Star(string[] middles, ulong capacity, ulong originBalance)
    {
        var channels = new List<ChannelDto>();
        for (var i = 0; i < middles.Length; i++)
        {
            channels.Add(TestNetworks.Channel($"{i + 1}x1x0", "a", middles[i], capacity, originBalance, new PolicyDto(), new PolicyDto()));
            channels.Add(TestNetworks.Channel($"{i + 1}x2x0", middles[i], "e", capacity, capacity / 2, new PolicyDto { FeeBaseMsat = (uint)(1000 * (i + 1)) }, new PolicyDto()));
        }

        return TestNetworks.Validate(new NetworkFileDto
        {
            Network = "planner-test",
            BlockHeight = 1000,
            Nodes = [.. new[] { "a", "e" }.Concat(middles).Select((n, i) => TestNetworks.Node(n, 30000 + (i * 2)))],
            Channels = channels,
        });
    }

    /// <summary>a, e and three to five relays, each pair joined with probability one half; capacities 1 to 5 M msat.</summary>
    private static NetworkDescription RandomNetwork(Random random)
    {
        var names = new List<string> { "a", "e" };
        names.AddRange(Enumerable.Range(0, random.Next(3, 6)).Select(i => $"r{i}"));
        var channels = new List<ChannelDto>();
        var n = 0;
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = i + 1; j < names.Count; j++)
            {
                if (random.Next(2) == 0)
                {
                    continue;
                }

                var capacity = (ulong)random.NextInt64(1_000_000, 5_000_000);
                var policy = new PolicyDto { FeeBaseMsat = (uint)random.Next(0, 2_000), FeeProportionalMillionths = (uint)random.Next(0, 1_000) };
                channels.Add(TestNetworks.Channel($"{++n}x1x0", names[i], names[j], capacity, capacity / 2, policy, policy));
            }
        }

        return TestNetworks.Validate(new NetworkFileDto
        {
            Network = "planner-random",
            BlockHeight = 1000,
            Nodes = [.. names.Select((name, i) => TestNetworks.Node(name, 31000 + (i * 2)))],
            Channels = channels,
        });
    }
}
