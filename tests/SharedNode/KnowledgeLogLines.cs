using System.Text.Json.Nodes;

namespace LnRelay.Tests.Shared;

/// <summary>
/// Hand-written log lines in the shape Serilog's JsonFormatter(renderMessage: true) gives the
/// node's events (docs/logging.md), for the tests of what reads them: the knowledge report
/// (Orchestrator.Tests) and the knowledge auditor (Integration.Tests).
/// </summary>
internal static class KnowledgeLogLines
{
    public const string Hash = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string OtherHash = "2222222222222222222222222222222222222222222222222222222222222222";
    public const string AliceId = "02aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string DaveId = "03dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";

    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One event; <paramref name="template"/> is its MessageTemplate (by default the event's name and "...").</summary>
    public static string Event(string node, string eventName, int second, JsonObject properties, string? hash = Hash, string? template = null)
    {
        if (hash is not null)
        {
            properties["PaymentHash"] = hash;
        }

        properties["EventId"] = new JsonObject { ["Id"] = 100, ["Name"] = eventName };
        properties["SourceContext"] = "LnRelay.Node.Switch";
        properties["Node"] = node;
        return new JsonObject
        {
            ["Timestamp"] = T0.AddSeconds(second).ToString("O"),
            ["Level"] = "Information",
            ["MessageTemplate"] = template ?? eventName + " ...",
            ["RenderedMessage"] = eventName + " rendered",
            ["Properties"] = properties,
        }.ToJsonString();
    }

    public static string Started(string node, string id) =>
        Event(node, "NodeStarted", 0, new JsonObject { ["NodeName"] = node, ["NodeId"] = id }, hash: null);

    public static string Origin(string node, string next, string outChannel, ulong amountOut, uint cltvOut, string destination, int length, string route, int second = 1, string hash = Hash) =>
        Event(node, "HopView", second, new JsonObject
        {
            ["Role"] = "origin",
            ["NextNode"] = next,
            ["OutChannel"] = outChannel,
            ["AmountOutMsat"] = amountOut,
            ["CltvOut"] = cltvOut,
            ["Destination"] = destination,
            ["RouteLength"] = length,
            ["Route"] = route,
            ["KnowsOrigin"] = true,
            ["KnowsDestination"] = true,
            ["KnowsRouteLength"] = true,
            ["KnowsPosition"] = true,
        }, hash);

    public static string Relay(string node, string prev, string inChannel, ulong amountIn, uint cltvIn, string next, string outChannel, ulong amountOut, uint cltvOut, int second = 2, string hash = Hash) =>
        Event(node, "HopView", second, RelayView(prev, inChannel, amountIn, cltvIn, next, outChannel, amountOut, cltvOut), hash);

    public static string Final(string node, string prev, string inChannel, ulong amountIn, uint cltvIn, int second = 4, string hash = Hash) =>
        Event(node, "HopView", second, FinalView(prev, inChannel, amountIn, cltvIn), hash);

    /// <summary>A relay's HopView properties (without PaymentHash, which <see cref="Event"/> adds), to change before writing.</summary>
    public static JsonObject RelayView(string prev, string inChannel, ulong amountIn, uint cltvIn, string next, string outChannel, ulong amountOut, uint cltvOut) => new()
    {
        ["Role"] = "relay",
        ["PrevNode"] = prev,
        ["InChannel"] = inChannel,
        ["AmountInMsat"] = amountIn,
        ["CltvIn"] = cltvIn,
        ["NextNode"] = next,
        ["OutChannel"] = outChannel,
        ["AmountOutMsat"] = amountOut,
        ["CltvOut"] = cltvOut,
        ["KnowsOrigin"] = false,
        ["KnowsDestination"] = false,
        ["KnowsRouteLength"] = false,
        ["KnowsPosition"] = false,
    };

    /// <summary>The payee's HopView properties (without PaymentHash, which <see cref="Event"/> adds), to change before writing.</summary>
    public static JsonObject FinalView(string prev, string inChannel, ulong amountIn, uint cltvIn) => new()
    {
        ["Role"] = "final",
        ["PrevNode"] = prev,
        ["InChannel"] = inChannel,
        ["AmountInMsat"] = amountIn,
        ["CltvIn"] = cltvIn,
        ["KnowsOrigin"] = false,
        ["KnowsDestination"] = true,
        ["KnowsRouteLength"] = false,
        ["KnowsPosition"] = false,
    };

    /// <summary>alice → bob → carol → dave: each relay keeps 1000 msat and 40 blocks.</summary>
    public static Dictionary<string, List<string>> ThreeHops() => new()
    {
        ["alice"] =
        [
            Started("alice", AliceId),
            Event("alice", "RouteChosen", 1, new JsonObject { ["Attempt"] = 1, ["Route"] = "alice -> bob -> carol -> dave", ["FeeMsat"] = 2000 }),
            Origin("alice", "bob", "800000x1x0", 1_002_000, 800_120, "dave", 3, "alice -> bob -> carol -> dave"),
            Event("alice", "PaymentSucceeded", 5, new JsonObject { ["Payee"] = "dave", ["Route"] = "alice -> bob -> carol -> dave" }),
        ],
        ["bob"] =
        [
            Started("bob", "02" + new string('b', 64)),
            Relay("bob", "alice", "800000x1x0", 1_002_000, 800_120, "carol", "800000x2x0", 1_001_000, 800_080),
            Event("bob", "HtlcForwarded", 2, new JsonObject { ["HtlcId"] = 0, ["Scid"] = "800000x1x0", ["OutScid"] = "800000x2x0" }),
        ],
        ["carol"] =
        [
            Relay("carol", "bob", "800000x2x0", 1_001_000, 800_080, "dave", "800000x3x0", 1_000_000, 800_040, second: 3),
        ],
        ["dave"] =
        [
            Started("dave", DaveId),
            Final("dave", "carol", "800000x3x0", 1_000_000, 800_040),
            Event("dave", "HtlcSettled", 4, new JsonObject { ["HtlcId"] = 0, ["Scid"] = "800000x3x0", ["AmountMsat"] = 1_000_000 }),
        ],
    };

    /// <summary>Writes DIR/NAME/logs/NAME.jsonl as 'lnrelay init' lays a network out; returns DIR.</summary>
    public static string WriteNetworkFolder(Dictionary<string, List<string>> logs, Func<string, string, string>? lastTouch = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "lnrelay-kt-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (node, lines) in logs)
        {
            var dir = Path.Combine(root, node, "logs");
            Directory.CreateDirectory(dir);
            var text = string.Concat(lines.Select(l => l + "\n"));
            File.WriteAllText(Path.Combine(dir, node + ".jsonl"), lastTouch is null ? text : lastTouch(node, text));
        }

        return root;
    }
}
