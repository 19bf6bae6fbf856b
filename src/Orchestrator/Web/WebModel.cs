namespace LnRelay.Orchestrator.Web;

/// <summary>
/// What the web page draws, as one JSON object (snake_case, docs/web.md): the network, every
/// payment with its hop cards, and the counters. The live page and report.html are both pure
/// functions of this snapshot plus the events that follow it.
/// </summary>
internal sealed record WebSnapshot(
    string Network,
    string Source,
    IReadOnlyList<WebNode> Nodes,
    IReadOnlyList<WebChannel> Channels,
    IReadOnlyList<WebPayment> Payments,
    WebCounters Counters,
    IReadOnlyList<string> FlagHeaders,
    IReadOnlyList<string> Legend,
    string Limit,
    string MapSvg);

/// <summary>A node and what the orchestrator knows of its state: up, down, restarting, stopped (a finished run) or unknown.</summary>
internal sealed record WebNode(string Name, string Id, string State, int Forwards, int InFlight);

/// <summary>A channel with the balances its settled payments leave (network.json's start plus every settled route).</summary>
internal sealed record WebChannel(string Scid, string Node1, string Node2, ulong CapacityMsat, ulong Node1BalanceMsat, ulong Node2BalanceMsat, bool Closed);

/// <summary>
/// One payment. Kind says how to draw it: "single" (one route, today's only kind). Later kinds
/// plug in here: "mpp" fills <see cref="Parts"/> with one route each, "blinded" marks hops with
/// <see cref="WebHop.Blinded"/>, "ptlc" sets each hop's <see cref="WebHop.Lock"/> (docs/web.md).
/// </summary>
internal sealed record WebPayment(
    string Hash,
    string Kind,
    string? Step,
    string From,
    string To,
    ulong? AmountMsat,
    string Status,
    IReadOnlyList<string> Route,
    ulong? FeeMsat,
    int Attempts,
    WebFailure? Failure,
    IReadOnlyList<WebAttempt> Tries,
    double? TimeMs,
    DateTimeOffset? StartedAt,
    IReadOnlyList<WebPart> Parts,
    IReadOnlyList<string> Footnotes,
    IReadOnlyList<string> Notes,
    string Outcome,
    string Limit);

/// <summary>One route of a payment with its hop cards (a single-path payment has one part).</summary>
internal sealed record WebPart(string Id, IReadOnlyList<WebHop> Hops);

/// <summary>
/// One hop's card: what its own HopView showed and the four knowledge flags exactly as
/// 'lnrelay knowledge' prints them (cell text and why).
/// </summary>
internal sealed record WebHop(
    int Position,
    string Node,
    string Role,
    string? Prev,
    string? Next,
    string? InChannel,
    string? OutChannel,
    ulong? AmountInMsat,
    ulong? AmountOutMsat,
    ulong? FeeMsat,
    uint? CltvIn,
    uint? CltvOut,
    uint? CltvDelta,
    IReadOnlyList<WebFlag> Flags,
    bool Failed,
    bool Blinded,
    string Lock);

/// <summary>One knowledge cell: the column header, the table's cell text ("yes", "no†", "?"), and why.</summary>
internal sealed record WebFlag(string Name, string Cell, string Why);

/// <summary>
/// A BOLT 4 failure as the payer attributed it: code and spec name, hop index (0 = the payer's
/// peer, -1 = the payer), the failing node, how it travelled back and what the payer could tell.
/// </summary>
internal sealed record WebFailure(int? Code, string Name, int Hop, string? Node, string Message, string Attribution, string Label);

/// <summary>One try of a payment: the route it took and how it ended.</summary>
internal sealed record WebAttempt(int Attempt, string Route, WebFailure? Failure);

/// <summary>Counters of a network: payments by outcome, failures by code, latency, rate.</summary>
internal sealed record WebCounters(
    int Sent,
    int Succeeded,
    int Failed,
    int InFlight,
    IReadOnlyDictionary<string, int> FailuresByCode,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    double PaymentsPerSecond,
    int KnowledgeLeaks,
    int AuditedPayments);
