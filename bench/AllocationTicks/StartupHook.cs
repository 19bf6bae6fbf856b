using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

/// <summary>
/// Loaded into any .NET process by <c>DOTNET_STARTUP_HOOKS=.../LnRelay.AllocationTicks.dll</c>
/// (the runtime calls <see cref="Initialize"/> before Main; it must be a type outside any
/// namespace with that name): listens to the runtime's GCAllocationTick events, one per
/// ~100 KB allocated, each naming the type of the object that crossed the mark, and when the
/// process exits writes the types by sampled bytes to <c>ALLOCATION_TICKS_OUT</c> (default
/// allocation-ticks.txt). Byte arrays and strings are split by object size, which tells an
/// encoded message from an onion from a hash. A sample, so shares are good to a percent or so
/// over a run of thousands of payments; it says which type, not which caller.
/// With <c>ALLOCATION_TICKS_WHILE</c> set to a file's path, only the ticks while that file
/// exists count (checked every 100 ms): create it when the phase to measure begins, e.g. after a
/// 1,000-node network's start-up.
/// </summary>
internal static class StartupHook
{
    private static TickListener? _listener;

    public static void Initialize()
    {
        _listener = new TickListener();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _listener.Write(Environment.GetEnvironmentVariable("ALLOCATION_TICKS_OUT") ?? "allocation-ticks.txt");
    }
}

internal sealed class TickListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int TypesShown = 60;

    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private readonly Timer? _gate;
    private long _total;
    private volatile bool _counting = true;

    public TickListener()
    {
        if (Environment.GetEnvironmentVariable("ALLOCATION_TICKS_WHILE") is { Length: > 0 } path)
        {
            _counting = false;
            _gate = new Timer(_ => _counting = File.Exists(path), null, 0, 100);
        }
    }

    public void Write(string path)
    {
        using var output = new StreamWriter(path);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sampled {Volatile.Read(ref _total):N0} bytes (one tick per ~100 KB allocated)"));
        foreach (var (type, bytes) in _bytes.OrderByDescending(kv => kv.Value).Take(TypesShown))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes * 100.0 / _total,6:F2}%  {bytes,14:N0}  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            // AllocationTick is a verbose event of the GC keyword.
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = Field(names, payload, "TypeName") as string ?? "?";
        var amount = Convert.ToInt64(Field(names, payload, "AllocationAmount64") ?? 0L, CultureInfo.InvariantCulture);
        if (type is "System.Byte[]" or "System.String" && Field(names, payload, "ObjectSize") is { } size)
        {
            type = string.Create(CultureInfo.InvariantCulture, $"{type} of {size} bytes");
        }

        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        Interlocked.Add(ref _total, amount);
    }

    private static object? Field(System.Collections.ObjectModel.ReadOnlyCollection<string> names, System.Collections.ObjectModel.ReadOnlyCollection<object?> payload, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return payload[i];
            }
        }

        return null;
    }
}
