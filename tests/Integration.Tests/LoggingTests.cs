using LnRelay.Node.Hosting;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>The JSON-lines logs real nodes write (docs/logging.md): the HopView shape, Node on every event, and no secrets.</summary>
public sealed class LoggingTests
{
    private const ulong Capacity = 10_000_000_000;
    private static readonly string[] Names = ["alice", "bob", "carol", "dave"];
    private static readonly string[] Knows = ["KnowsOrigin", "KnowsDestination", "KnowsRouteLength", "KnowsPosition"];

    private static readonly Dictionary<string, string[]> HopViewProperties = new()
    {
        ["origin"] = ["Role", "PaymentHash", "NextNode", "OutChannel", "AmountOutMsat", "CltvOut", "Destination", "RouteLength", "Route", .. Knows],
        ["relay"] = ["Role", "PaymentHash", "PrevNode", "InChannel", "AmountInMsat", "CltvIn", "NextNode", "OutChannel", "AmountOutMsat", "CltvOut", .. Knows],
        ["final"] = ["Role", "PaymentHash", "PrevNode", "InChannel", "AmountInMsat", "CltvIn", .. Knows],
    };

    [Fact]
    public async Task After_a_payment_each_node_logs_one_hop_view_of_the_documented_shape_every_event_has_node_and_no_secret_is_logged()
    {
        await using var net = await TestNetwork.StartAsync(
            Names,
            [new TestChannel("alice", "bob", Capacity, Capacity / 2), new TestChannel("bob", "carol", Capacity, Capacity / 2), new TestChannel("carol", "dave", Capacity, Capacity / 2)]);
        await net.WaitConnectedAsync(TimeSpan.FromSeconds(20));

        var result = await net.PayAsync("alice", "dave", 250_000);
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        var hash = result.GetProperty("payment_hash").GetString()!;
        var preimage = result.GetProperty("preimage").GetString()!;
        await NodeLog.WaitForAsync(net, "alice", "PaymentSucceeded", hash);
        foreach (var name in Names)
        {
            await NodeLog.WaitForAsync(net, name, "HopView", hash);
        }

        // Complete logs: what must never be logged cannot come later.
        await net.StopAllAsync();
        var expectedRoles = new Dictionary<string, string> { ["alice"] = "origin", ["bob"] = "relay", ["carol"] = "relay", ["dave"] = "final" };
        foreach (var name in Names)
        {
            var lines = NodeLog.Events(net, name);

            var view = Assert.Single(lines, l => NodeLog.Name(l) == "HopView" && NodeLog.Text(l, "PaymentHash") == hash);
            var props = view.GetProperty("Properties");
            var role = expectedRoles[name];
            Assert.Equal(role, props.GetProperty("Role").GetString());
            Assert.Equal(100, props.GetProperty("EventId").GetProperty("Id").GetInt32());
            foreach (var property in HopViewProperties[role])
            {
                Assert.True(props.TryGetProperty(property, out _), $"{name}'s HopView lacks {property}: {view}");
            }

            Assert.Equal(role == "origin", props.GetProperty("KnowsOrigin").GetBoolean());
            Assert.Equal(role != "relay", props.GetProperty("KnowsDestination").GetBoolean());
            Assert.Equal(role == "origin", props.GetProperty("KnowsRouteLength").GetBoolean());
            Assert.Equal(role == "origin", props.GetProperty("KnowsPosition").GetBoolean());

            foreach (var line in lines)
            {
                foreach (var field in new[] { "Timestamp", "Level", "MessageTemplate", "RenderedMessage" })
                {
                    Assert.True(line.TryGetProperty(field, out _), $"{name}: a line without {field}: {line}");
                }

                Assert.Equal(name, line.GetProperty("Properties").GetProperty("Node").GetString());
            }

            var dataDir = Path.GetDirectoryName(Path.GetDirectoryName(net.LogFile(name)))!;
            var token = File.ReadAllText(Path.Combine(dataDir, DataFolder.TokenFileName)).Trim();
            var secretKey = File.ReadAllText(Path.Combine(dataDir, DataFolder.KeyFileName)).Trim();
            foreach (var raw in net.ReadLog(name))
            {
                Assert.DoesNotContain(token, raw, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secretKey, raw, StringComparison.OrdinalIgnoreCase);

                // Stricter than "not before settlement": the preimage is never logged, by anyone.
                Assert.DoesNotContain(preimage, raw, StringComparison.OrdinalIgnoreCase);
            }
        }

        // Relays and the payee name only their neighbours; nothing else identifies the ends.
        var bobView = net.ReadLog("bob").Single(l => l.Contains("\"HopView\"", StringComparison.Ordinal) && l.Contains(hash, StringComparison.Ordinal));
        Assert.DoesNotContain("dave", bobView, StringComparison.Ordinal);
        var carolView = net.ReadLog("carol").Single(l => l.Contains("\"HopView\"", StringComparison.Ordinal) && l.Contains(hash, StringComparison.Ordinal));
        Assert.DoesNotContain("alice", carolView, StringComparison.Ordinal);
    }
}
