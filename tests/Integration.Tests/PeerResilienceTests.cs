using System.Net;
using System.Net.Sockets;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>A port already taken fails start-up with a message that names it.</summary>
public sealed class PeerResilienceTests
{
    private const ulong Capacity = 10_000_000_000;

    [Fact]
    public async Task A_taken_peer_port_fails_start_up_naming_the_port()
    {
        await using var net = await TestNetwork.StartAsync(["alice", "bob"], [new TestChannel("alice", "bob", Capacity, Capacity / 2)]);
        var dir = net.DataDir("alice");
        var folder = DataFolder.Load(dir);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var moved = folder with { Identity = folder.Identity! with { Entry = folder.Identity.Entry with { Port = port, ControlUrl = new Uri($"http://127.0.0.1:{PortPlan.FreePort()}") } } };

        await using var app = NodeHost.Build(new NodeSettings { DataDir = dir, ConsoleLog = false }, moved);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot listen for peers", error.Message, StringComparison.Ordinal);
    }
}
