using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// A node's logger for one category: everything goes through <paramref name="inner"/> (the
/// Serilog bridge), except the events of a <see cref="LogTemplate"/>, which go straight to the
/// node's log file (<paramref name="lines"/>) when it is the node's only sink. Those lines carry
/// what the bridge would add (the event id, SourceContext = <paramref name="category"/>, Node, and
/// an activity's trace and span ids) but no logging scope: nothing opens scopes on these loggers.
/// </summary>
internal sealed class NodeLogger(ILogger inner, string category, BackgroundFileSink? lines) : ILogger
{
    public string Category => category;

    /// <summary>The node's log file, for <see cref="LogTemplate"/> events; null when they go through the bridge.</summary>
    public BackgroundFileSink? Lines => lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
