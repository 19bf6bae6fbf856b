namespace LnRelay.Node.Logging;

/// <summary>
/// One of <see cref="BackgroundFileSink"/>'s two queues: the events in order (a Serilog event, or a
/// <see cref="NodeLine"/> whose values sit in one shared array beside it). Both arrays grow to the
/// largest backlog seen and are reused, so queueing an event allocates nothing once they have. Not thread-safe:
/// the sink fills it under its lock, and its writer drains it alone.
/// </summary>
internal sealed class LineQueue
{
    private const int FirstEvents = 16;
    private const int FirstValues = FirstEvents * 8;

    // Empty until the first event: a node that logs nothing holds nothing here.
    private Queued[] _events = [];
    private LogValue[] _values = [];
    private int _valueCount;

    public int Count { get; private set; }

    public Queued this[int index] => _events[index];

    public void Add(in Queued entry, ReadOnlySpan<LogValue> values)
    {
        if (Count == _events.Length)
        {
            Array.Resize(ref _events, Math.Max(FirstEvents, _events.Length * 2));
        }

        if (_valueCount + values.Length > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(Math.Max(FirstValues, _values.Length * 2), _valueCount + values.Length));
        }

        _events[Count++] = entry with { FirstValue = _valueCount, ValueCount = values.Length };
        values.CopyTo(_values.AsSpan(_valueCount));
        _valueCount += values.Length;
    }

    public ReadOnlySpan<LogValue> ValuesOf(int index) => _values.AsSpan(_events[index].FirstValue, _events[index].ValueCount);

    /// <summary>Empties the queue, dropping its references (events, strings) so that they can be collected.</summary>
    public void Clear()
    {
        Array.Clear(_events, 0, Count);
        Array.Clear(_values, 0, _valueCount);
        Count = 0;
        _valueCount = 0;
    }
}

/// <summary>A queued event: Serilog's (<see cref="Event"/>), or else a <see cref="NodeLine"/> with its values' place in the queue.</summary>
internal readonly record struct Queued(Serilog.Events.LogEvent? Event, NodeLine Line)
{
    public int FirstValue { get; init; }

    public int ValueCount { get; init; }
}
