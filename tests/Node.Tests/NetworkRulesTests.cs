using LnRelay.Node.Network;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Node.Tests;

public sealed class NetworkRulesTests
{
    private static readonly HashSet<string> Nodes = ["alice", "bob"];

    [Theory]
    [InlineData("carol", null)]
    [InlineData("alice", NetworkRefusal.DuplicateName)]
    [InlineData("Carol", NetworkRefusal.InvalidName)]
    [InlineData("", NetworkRefusal.InvalidName)]
    [InlineData("9lives", NetworkRefusal.InvalidName)]
    public void ANodeName_IsValidAndNew(string name, NetworkRefusal? expected) =>
        Assert.Equal(expected, NetworkRules.NodeName(name, Nodes.Contains));

    [Fact]
    public void AChannel_JoinsTwoDifferentKnownNodes()
    {
        Assert.Null(NetworkRules.End("bob", Nodes.Contains));
        Assert.Equal(NetworkRefusal.UnknownNode, NetworkRules.End("zed", Nodes.Contains));
        Assert.Null(NetworkRules.Ends("alice", "bob"));
        Assert.Equal(NetworkRefusal.SameNodeTwice, NetworkRules.Ends("alice", "alice"));
    }

    [Theory]
    [InlineData(0UL, NetworkRefusal.CapacityOutOfRange)]
    [InlineData(1UL, null)]
    [InlineData(HopPayloadTypes.MaxMsat, null)]
    [InlineData(HopPayloadTypes.MaxMsat + 1, NetworkRefusal.CapacityOutOfRange)]
    public void ACapacity_IsFromOneMsatTo21MillionBtc(ulong capacity, NetworkRefusal? expected) =>
        Assert.Equal(expected, NetworkRules.Capacity(capacity));

    [Fact]
    public void Balances_StayWithinAndAddUpToTheCapacity()
    {
        Assert.Null(NetworkRules.Balance(100, 100));
        Assert.Equal(NetworkRefusal.BalanceOverCapacity, NetworkRules.Balance(101, 100));
        Assert.Null(NetworkRules.Balances(30, 70, 100));
        Assert.Equal(NetworkRefusal.BalancesNotCapacity, NetworkRules.Balances(30, 60, 100));
        Assert.Equal(NetworkRefusal.BalancesNotCapacity, NetworkRules.Balances(ulong.MaxValue, 2, 1));
    }
}
