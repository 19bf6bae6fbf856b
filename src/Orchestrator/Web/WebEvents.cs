using LnRelay.Node.Logging;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Web;

/// <summary>One event of the page's stream: a global sequence number (the SSE id), a type and its JSON data.</summary>
internal sealed record WebEvent(long Id, string Type, string Json);

/// <summary>
/// Turns what the orchestrator observes (new log events, node states) into the page's events,
/// with no IO (sans-IO: <see cref="LiveFeed"/> does the polling): "hop" and "htlc" for each
/// HopView and HTLC event as logged, then "payment" for each payment whose card changed,
/// "counters" and "topology" when they changed. Ids count from 1 in the order produced, so the
/// same inputs give the same stream.
/// </summary>
internal sealed class WebEventSource(TimeSpan rateWindow)
{
    private static readonly HashSet<string> HtlcEvents = new(StringComparer.Ordinal)
    {
        NodeLogEvents.HtlcForwarded.Name!, NodeLogEvents.HtlcSettled.Name!, NodeLogEvents.HtlcFailed.Name!,
        NodeLogEvents.PaymentSucceeded.Name!, NodeLogEvents.PaymentFailed.Name!, NodeLogEvents.PaymentAttemptFailed.Name!,
    };

    private readonly List<LogEvent> _events = [];
    private readonly Dictionary<string, string> _payments = new(StringComparer.Ordinal);
    private string _counters = "";
    private string _topology = "";
    private long _next = 1;

    public WebSnapshot? Snapshot { get; private set; }

    public IReadOnlyList<WebEvent> Observe(NetworkDescription network, IReadOnlyList<LogEvent> newEvents, Func<string, string> nodeState)
    {
        var output = new List<WebEvent>();
        foreach (var e in newEvents)
        {
            _events.Add(e);
            if (e.Is(KnowledgeNames.HopView))
            {
                output.Add(Next("hop", Ticker(e, $"HopView {e.Text(LogFields.Role)} {Short(e.PaymentHash)} {e.Text(LogFields.PrevNode) ?? "-"} -> {e.Text(LogFields.NextNode) ?? "-"}")));
            }
            else if (e.EventName is { } name && HtlcEvents.Contains(name))
            {
                output.Add(Next("htlc", Ticker(e, $"{name} {Short(e.PaymentHash)}{(e.Text(LogFields.Failure) is { } f ? ": " + f : "")}")));
            }
        }

        var snapshot = WebModelBuilder.Build(network, _events, null, nodeState, "live", rateWindow);
        Snapshot = snapshot;
        foreach (var p in snapshot.Payments)
        {
            var json = WebJson.Serialize(p);
            if (!_payments.TryGetValue(p.Hash, out var before) || before != json)
            {
                _payments[p.Hash] = json;
                output.Add(new WebEvent(_next++, "payment", json));
            }
        }

        var counters = WebJson.Serialize(snapshot.Counters);
        if (counters != _counters)
        {
            _counters = counters;
            output.Add(new WebEvent(_next++, "counters", counters));
        }

        var topology = WebJson.Serialize(Topology(snapshot));
        if (topology != _topology)
        {
            _topology = topology;
            output.Add(new WebEvent(_next++, "topology", topology));
        }

        return output;
    }

    public static object Topology(WebSnapshot s) => new { s.Network, s.Nodes, s.Channels, s.MapSvg };

    private WebEvent Next(string type, object data) => new(_next++, type, WebJson.Serialize(data));

    private static object Ticker(LogEvent e, string text) => new
    {
        At = e.Timestamp?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        e.Node,
        PaymentHash = e.PaymentHash,
        Text = text,
    };

    private static string Short(string? hash) => hash is null ? "-" : hash[..Math.Min(16, hash.Length)];
}
