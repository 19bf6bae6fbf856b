namespace LnRelay.Node.Logging;

/// <summary>
/// One <see cref="LogTemplate"/> event waiting in the node's log file queue, beside its values:
/// what the bridge would have captured when it was logged (the time, the logger's category, the
/// current activity's trace and span ids).
/// </summary>
internal readonly record struct NodeLine(LogTemplate Template, string SourceContext, DateTimeOffset Timestamp, string? TraceId, string? SpanId);
