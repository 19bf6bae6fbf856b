using Microsoft.Extensions.Logging;

namespace LnRelay.Transport.Tests.Net;

/// <summary>Keeps every log event with its properties, and lets a test wait (with a deadline) for one.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly List<(Func<Entry, bool> Match, TaskCompletionSource<Entry> Done)> _waiters = [];

    internal sealed record Entry(EventId Id, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties)
    {
        public object? Reason => Properties.GetValueOrDefault("Reason");
    }

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : [];
        var entry = new Entry(eventId, logLevel, formatter(state, exception), properties);
        List<TaskCompletionSource<Entry>> completed = [];
        lock (_gate)
        {
            _entries.Add(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                completed.Add(waiter.Done);
            }
        }

        foreach (var done in completed)
        {
            done.TrySetResult(entry);
        }
    }

    /// <summary>The first event (past or future) that matches, or a timeout failure naming what was logged.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _entries.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail("Expected log event not seen. Logged: " + string.Join(" | ", Entries.Select(e => e.Message)));
            throw;
        }
    }

    public Task<Entry> WaitForReasonAsync(object reason, TimeSpan? timeout = null) =>
        WaitForAsync(e => Equals(e.Reason, reason), timeout);
}
