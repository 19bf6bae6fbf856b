using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Tests.Switch;

/// <summary>One logged event: which node, its event name (the EventId's name) and its structured properties.</summary>
internal sealed record LogEvent(string Node, LogLevel Level, string EventName, IReadOnlyDictionary<string, object?> Properties, string Message)
{
    public object? this[string property] => Properties.GetValueOrDefault(property);
}

/// <summary>The events of every node of a harness, in the order they were logged. Thread-safe (the Payer logs from the thread pool).</summary>
internal sealed class LogRecorder
{
    private readonly Lock _gate = new();
    private readonly List<LogEvent> _events = [];

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public ILogger For(string node) => new RecordingLogger(node, this);

    public IReadOnlyList<LogEvent> Named(string eventName, string? node = null) =>
        [.. Events.Where(e => e.EventName == eventName && (node is null || e.Node == node))];

    private void Add(LogEvent e)
    {
        lock (_gate)
        {
            _events.Add(e);
        }
    }

    private sealed class RecordingLogger(string node, LogRecorder sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    properties[key] = value;
                }
            }

            sink.Add(new LogEvent(node, logLevel, eventId.Name ?? "", properties, formatter(state, exception)));
        }
    }
}
