using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace LnRelay.Node.Logging;

/// <summary>
/// The node's JSON-lines file, written off the hot path. <see cref="Emit"/> (Serilog's events) and
/// <see cref="Write"/> (the node's per-payment events, <see cref="LogTemplate"/>) only queue the
/// event (the switch logs while holding its lock, once or more per HTLC); one task formats
/// what has queued and appends it with one write per batch of whole lines (never a line
/// cut at a buffer's edge, as a buffered file sink would leave it). Serilog's shared file
/// sink formatted and flushed every event with a write system call in the caller's thread:
/// with a dozen events per payment that was a tenth of a node's CPU time under load
/// (docs/performance.md, "Network").
/// <para>
/// Nothing waits for the disk: an event is in the file (the operating system's cache,
/// readable by other processes) once the writer has been woken, by the process's shared
/// <see cref="LogFlushClock"/> (within about 200 ms) or by a batch's worth of events queued.
/// Disposing drains the queue, so every event logged before a node stops is in the file when
/// it has stopped; a process killed outright loses what was still queued (logs are not state).
/// </para>
/// </summary>
internal sealed class BackgroundFileSink : ILogEventSink, IDisposable
{
    /// <summary>A batch is written when the queue is empty or it holds this many characters.</summary>
    private const int MaxBatchChars = 64 * 1024;

    /// <summary>A writer wakes without waiting for <see cref="LogFlushClock"/>'s tick once this many events have queued.</summary>
    private const int WakeAtEvents = 256;

    private readonly Lock _gate = new();

    // Wakes the writer (the shared clock's tick, or a batch's worth queued); one pending wake-up is enough.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ITextFormatter _formatter;
    private readonly JsonLineFormatter? _lines;
    private readonly string? _node;
    private readonly FileStream _file;
    private readonly Task _writer;

    // Loggers fill one queue under the lock while the writer formats the other: swapped, never reallocated.
    private LineQueue _filling = new();
    private LineQueue _draining = new();
    private bool _closed;

    // Events queued since the sink opened (under _gate), and those the writer has written: Flush waits for the second to reach the first.
    private long _queued;
    private long _written;

    /// <summary>
    /// The node's format: Serilog's <see cref="JsonFormatter"/> with the message rendered, one
    /// event a line, written by <see cref="JsonLineFormatter"/> (the same text at a fraction of the
    /// cost). <paramref name="node"/> is the Node property that <see cref="Write"/>'s lines carry (the
    /// node's logger adds it to every other event).
    /// </summary>
    public BackgroundFileSink(string path, string node)
        : this(path, new JsonFormatter(renderMessage: true), new JsonLineFormatter(), node)
    {
    }

    /// <summary>Any other format: each event through <paramref name="formatter"/>; no <see cref="Write"/>.</summary>
    public BackgroundFileSink(string path, ITextFormatter formatter)
        : this(path, formatter, null, null)
    {
    }

    private BackgroundFileSink(string path, ITextFormatter formatter, JsonLineFormatter? lines, string? node)
    {
        _formatter = formatter;
        _lines = lines;
        _node = node;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        // Readers (tests, 'lnrelay knowledge') open the live file; a deleted folder must not fail the node.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _writer = Task.Run(WriteLoopAsync);
        LogFlushClock.Register(this);
    }

    public void Emit(LogEvent logEvent) => Enqueue(new Queued(logEvent, default), []);

    /// <summary>
    /// Queues one <see cref="LogTemplate"/> event: its values are copied into the queue (no object
    /// per event), and the writer task renders its line (<see cref="JsonLineFormatter.AppendLine"/>).
    /// </summary>
    public void Write(LogTemplate template, string sourceContext, ReadOnlySpan<LogValue> values)
    {
        if (_lines is null)
        {
            throw new InvalidOperationException("This sink writes another format; log through Serilog instead.");
        }

        // What Serilog captures for an event: the local time, and the current activity's W3C ids.
        var activity = Activity.Current;
        var traced = activity is not null && activity.TraceId != default;
        var line = new NodeLine(template, sourceContext, DateTimeOffset.Now, traced ? activity!.TraceId.ToHexString() : null, traced ? activity!.SpanId.ToHexString() : null);
        Enqueue(new Queued(null, line), values);
    }

    public void Dispose()
    {
        LogFlushClock.Unregister(this);
        lock (_gate)
        {
            _closed = true;
        }

        _wake.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        _file.Dispose();
    }

    private void Enqueue(in Queued entry, ReadOnlySpan<LogValue> values)
    {
        bool wake;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _filling.Add(entry, values);
            _queued++;
            wake = _filling.Count == WakeAtEvents;
        }

        if (wake)
        {
            _wake.Writer.TryWrite(true);
        }
    }

    /// <summary>
    /// Wakes the writer and waits, up to <paramref name="timeout"/>, until every event queued
    /// before the call is in the file: for a reader in the same process (tests, which read a
    /// node's log right after what it logged) that cannot wait for <see cref="LogFlushClock"/>'s
    /// tick. False when the timeout passed first.
    /// </summary>
    public bool Flush(TimeSpan timeout)
    {
        long target;
        lock (_gate)
        {
            target = _queued;
        }

        _wake.Writer.TryWrite(true);
        var deadline = Stopwatch.StartNew();
        var spin = default(SpinWait);
        while (Volatile.Read(ref _written) < target)
        {
            if (deadline.Elapsed > timeout || _writer.IsCompleted)
            {
                return Volatile.Read(ref _written) >= target;
            }

            spin.SpinOnce();
        }

        return true;
    }

    /// <summary><see cref="LogFlushClock"/>'s tick: wakes the writer when lines are waiting.</summary>
    internal void WakeIfQueued()
    {
        bool queued;
        lock (_gate)
        {
            queued = _filling.Count > 0;
        }

        if (queued)
        {
            _wake.Writer.TryWrite(true);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _wake.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            reader.TryRead(out _);
            Drain();
        }

        // Closed: whatever was queued before Dispose.
        Drain();
    }

    /// <summary>Takes what has queued (swapping the queues) and writes it, in batches of whole lines.</summary>
    private void Drain()
    {
        lock (_gate)
        {
            (_filling, _draining) = (_draining, _filling);
        }

        var scratch = Scratch.Begin();
        for (var i = 0; i < _draining.Count; i++)
        {
            Format(scratch, _draining, i);
            if (scratch.Batch.Length >= MaxBatchChars)
            {
                WriteBatch(scratch);
            }
        }

        WriteBatch(scratch);
        Volatile.Write(ref _written, _written + _draining.Count);
        _draining.Clear();
    }

    /// <summary>
    /// Adds one queued event's line to the batch. An event that cannot be formatted (a property
    /// whose rendering throws) is left out and reported to the self-log: it must not end
    /// the writer, which would silently stop every later line of the node's log.
    /// </summary>
    private void Format(Scratch scratch, LineQueue queue, int index)
    {
        var batch = scratch.Batch;
        var before = batch.Length;
        var entry = queue[index];
        try
        {
            if (entry.Event is not { } logEvent)
            {
                _lines!.AppendLine(batch, entry.Line, queue.ValuesOf(index), _node!);
                return;
            }

            if (_lines?.TryFormat(logEvent, batch) == true)
            {
                return;
            }

            _formatter.Format(logEvent, scratch.Writer);
        }
        catch (Exception e)
        {
            batch.Length = before;
            SelfLog.WriteLine("Formatting an event for {0} failed: {1}", _file.Name, e);
        }
    }

    /// <summary>Appends the formatted events (whole lines) with one write.</summary>
    private void WriteBatch(Scratch scratch)
    {
        var batch = scratch.Batch;
        if (batch.Length == 0)
        {
            return;
        }

        var bytes = scratch.Bytes(Encoding.UTF8.GetMaxByteCount(batch.Length));
        var length = 0;
        foreach (var chunk in batch.GetChunks())
        {
            // The encoder keeps a surrogate pair that straddles two chunks together.
            length += scratch.Utf8.GetBytes(chunk.Span, bytes.AsSpan(length), flush: false);
        }

        length += scratch.Utf8.GetBytes([], bytes.AsSpan(length), flush: true);

        batch.Clear();
        try
        {
            _file.Write(bytes, 0, length);
        }
        catch (IOException e)
        {
            // A full disk must not stop the node; Serilog's self-log is where sinks report their own failures.
            SelfLog.WriteLine("Writing {0} failed: {1}", _file.Name, e.Message);
        }
    }

    /// <summary>
    /// One thread's formatting buffers, which every sink whose writer runs on that thread uses in
    /// turn (a writer formats and writes a batch without awaiting): a thousand nodes in one process
    /// format into the same few warm buffers instead of each into its own, which sat cold between
    /// its writes and, growing batch by batch, was reallocated at every clear; and an idle node holds
    /// no buffer (docs/performance.md, "Node per-payment costs at 1,000 nodes").
    /// </summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? _current;

        private byte[] _bytes = [];

        private Scratch() => Writer = new StringWriter(Batch, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The batch being built, empty at the start of each writer's turn.</summary>
        public StringBuilder Batch { get; } = new();

        /// <summary><see cref="Batch"/> as a writer, for Serilog's formatter.</summary>
        public StringWriter Writer { get; }

        public Encoder Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();

        /// <summary>This thread's buffers, emptied: a turn that failed half-way leaves nothing for the next sink's file.</summary>
        public static Scratch Begin()
        {
            var scratch = _current ??= new Scratch();
            scratch.Batch.Clear();
            scratch.Utf8.Reset();
            return scratch;
        }

        /// <summary>A byte buffer of at least <paramref name="size"/> bytes, kept for the next batch.</summary>
        public byte[] Bytes(int size)
        {
            if (_bytes.Length < size)
            {
                _bytes = new byte[size];
            }

            return _bytes;
        }
    }
}
