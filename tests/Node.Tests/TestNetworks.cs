using LnRelay.Crypto;
using LnRelay.Node.Network;
using LnRelay.Node.Routing;

namespace LnRelay.Node.Tests;

/// <summary>Builds network descriptions for tests.</summary>
internal static class TestNetworks
{
    public static NodeDto Node(string name, int port) => new()
    {
        Name = name,
        NodeId = PrivateKey.Generate().PublicKey.ToHex(),
        Host = "127.0.0.1",
        Port = port,
        ControlUrl = $"http://127.0.0.1:{port + 1000}",
    };

    public static ChannelDto Channel(string scid, string a, string b, ulong capacity, ulong aBalance, PolicyDto? aPolicy = null, PolicyDto? bPolicy = null) => new()
    {
        ShortChannelId = scid,
        Node1 = a,
        Node2 = b,
        CapacityMsat = capacity,
        Node1BalanceMsat = aBalance,
        Node1Policy = aPolicy ?? new PolicyDto(),
        Node2Policy = bPolicy ?? new PolicyDto(),
    };

    public static NetworkDescription Validate(NetworkFileDto dto)
    {
        var result = NetworkFile.Parse(System.Text.Json.JsonSerializer.Serialize(dto, NetworkJson.Options), "test");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Network!;
    }

    /// <summary>BOLT 7 "Routing Example": A-B, B-C, A-D, D-C, each node with one policy on all its channels.</summary>
    public static NetworkDescription RoutingExample()
    {
        PolicyDto P(uint delta, uint fee, uint ppm) => new() { CltvExpiryDelta = (ushort)delta, FeeBaseMsat = fee, FeeProportionalMillionths = ppm };
        var a = P(10, 100, 1000);
        var b = P(20, 200, 2000);
        var c = P(30, 300, 3000);
        var d = P(40, 400, 4000);
        const ulong Cap = 100_000_000;
        return Validate(new NetworkFileDto
        {
            Network = "routing-example",
            BlockHeight = 1000,
            Nodes = [Node("a", 10001), Node("b", 10002), Node("c", 10003), Node("d", 10004)],
            Channels =
            [
                Channel("1x1x0", "a", "b", Cap, Cap / 2, a, b),
                Channel("1x2x0", "b", "c", Cap, Cap / 2, b, c),
                Channel("1x3x0", "a", "d", Cap, Cap / 2, a, d),
                Channel("1x4x0", "d", "c", Cap, Cap / 2, d, c),
            ],
        });
    }

    /// <summary>Constraints under which <paramref name="origin"/> may spend what the description gives it on each of its channels.</summary>
    public static PathConstraints OriginCanSpend(NetworkDescription network, string origin)
    {
        var constraints = new PathConstraints();
        foreach (var c in network.ChannelsOf(origin))
        {
            constraints.OriginBalances[c.ShortChannelId.Value] = c.BalanceOf(origin);
        }

        return constraints;
    }
}
