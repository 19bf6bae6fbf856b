using LnRelay.Node.Network;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// The demo's five-node network (topologies/five-node.yaml), in this process: the cheap
/// main line alice-bob-carol-dave-eve (carol holds only 1 M sat towards dave), the
/// expensive alternative bob-dave, eve pricing relaying towards dave out, and bob-eve
/// closed but still in every payer's graph with a tempting policy.
/// </summary>
public sealed class FiveNodeNetwork : IAsyncLifetime
{
    public const ulong Capacity = 10_000_000_000;

    private TestNetwork? _net;

    internal TestNetwork Net => _net!;

    internal static TestChannel[] Channels { get; } =
    [
        new("alice", "bob", Capacity, Capacity / 2),
        new("bob", "carol", Capacity, Capacity / 2),
        new("carol", "dave", Capacity, 1_000_000_000),
        new("dave", "eve", Capacity, Capacity / 2) { BPolicy = new PolicyDto { FeeBaseMsat = 1_000_000 } },
        new("bob", "dave", Capacity, Capacity / 2)
        {
            APolicy = new PolicyDto { FeeBaseMsat = 100_000, FeeProportionalMillionths = 5_000, CltvExpiryDelta = 144 },
            BPolicy = new PolicyDto { FeeBaseMsat = 100_000, FeeProportionalMillionths = 5_000, CltvExpiryDelta = 144 },
        },
        new("bob", "eve", Capacity, Capacity / 2) { Closed = true, APolicy = new PolicyDto { FeeBaseMsat = 0, FeeProportionalMillionths = 1, CltvExpiryDelta = 18 } },
    ];

    public async Task InitializeAsync()
    {
        _net = await TestNetwork.StartAsync(["alice", "bob", "carol", "dave", "eve"], Channels);
        await _net.WaitConnectedAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_net is not null)
        {
            await _net.DisposeAsync();
        }
    }

    /// <summary>The scid of the open channel between two nodes.</summary>
    internal string Scid(string a, string b) =>
        Net.Channels.Single(c => !c.Closed && ((c.Node1 == a && c.Node2 == b) || (c.Node1 == b && c.Node2 == a))).ShortChannelId;
}
