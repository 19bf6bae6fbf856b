using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Node.Store;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// One child process of <c>bench network --processes</c>, seen from the parent: started as
/// <c>lnrelay bench shard</c>, asked over its stdin, answered over its stdout
/// (<see cref="ShardProtocol"/>). If it exits while wanted, every request waiting on it and
/// every later one fails with a <see cref="NodeDiedException"/> naming the shard, its
/// nodes, its exit code and the last lines it wrote to stderr. Disposing it stops it: "stop"
/// and the end of its stdin, then a kill after a grace period; it also stops by itself when
/// this process ends however it ends (its stdin closes).
/// </summary>
internal sealed class ShardProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 20;

    /// <summary>How long a child may take to stop its nodes (each closes its store) before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly RecentLines _errors = new(KeptErrorLines);
    private readonly Lock _writeGate = new();
    private readonly TaskCompletionSource<JsonObject> _baseline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<JsonObject> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private long _nextId;
    private volatile bool _stopping;
    private string? _failure;
    private TimeSpan _lastCpu;

    private ShardProcess(int index, int of, IReadOnlyList<string> nodes, Process process)
    {
        Index = index;
        Of = of;
        Nodes = nodes;
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    public int Index { get; }

    public int Of { get; }

    public IReadOnlyList<string> Nodes { get; }

    public int ProcessId => _process.Id;

    /// <summary>Nodes started so far (from the child's progress events).</summary>
    public int Started { get; private set; }

    /// <summary>"shard 2 of 3 (nodes n1667 to n3333, pid 4242)".</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"shard {Index + 1} of {Of} (nodes {Nodes[0]} to {Nodes[^1]}, pid {_process.Id})");

    /// <summary>Starts <c>lnrelay bench shard</c> for <paramref name="nodes"/> (the network file's nodes from <paramref name="first"/>).</summary>
    public static ShardProcess Start(int index, int of, string networkDir, int first, IReadOnlyList<string> nodes, bool inMemory, StoreSynchronous sync)
    {
        var (file, prefix) = ChildProcessNode.Executable("lnrelay");
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(["bench", "shard", "--dir", Path.GetFullPath(networkDir), "--first", first.ToString(CultureInfo.InvariantCulture), "--count", nodes.Count.ToString(CultureInfo.InvariantCulture), "--sync", sync.Name()]))
        {
            start.ArgumentList.Add(arg);
        }

        if (inMemory)
        {
            start.ArgumentList.Add("--in-memory");
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();
        var shard = new ShardProcess(index, of, nodes, process);
        process.ErrorDataReceived += (_, e) => shard._errors.Add(e.Data);
        process.BeginErrorReadLine();
        return shard;
    }

    /// <summary>The child's "baseline" event: what it held and its resident memory before any node started.</summary>
    public Task<JsonObject> Baseline => _baseline.Task;

    /// <summary>The child's "started" event: every node of the shard started.</summary>
    public Task<JsonObject> StartedAll => _started.Task;

    public bool HasExited => _process.HasExited;

    /// <summary>Why the child is gone (exit code, its error), or null while it runs or was stopped on purpose.</summary>
    public string? Death => _failure;

    /// <summary>Asks and waits for the answer; <see cref="NodeDiedException"/> if the child is gone.</summary>
    public async Task<JsonObject> AskAsync(JsonObject request, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        request["id"] = id;
        try
        {
            Send(request);
            return await answer.Task.WaitAsync(ct);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends without waiting for an answer (a block).</summary>
    public void Send(JsonObject message)
    {
        if (_failure is { } failure)
        {
            throw new NodeDiedException(failure);
        }

        var line = message.ToJsonString();
        try
        {
            lock (_writeGate)
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
        }
        catch (IOException)
        {
            throw new NodeDiedException(_failure ?? $"{Name} no longer reads its requests (it is exiting).");
        }
    }

    /// <summary>
    /// CPU time the child used so far, every thread, from /proc/PID/stat (utime + stime, as
    /// <see cref="Process.TotalProcessorTime"/> reads it); the last reading once it has exited.
    /// </summary>
    public TimeSpan CpuTime()
    {
        try
        {
            _process.Refresh();
            if (!_process.HasExited)
            {
                _lastCpu = _process.TotalProcessorTime;
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the two calls: the last reading stands.
        }

        return _lastCpu;
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!ShardProtocol.IsMessage(line))
                {
                    _errors.Add(line);
                    continue;
                }

                var message = JsonNode.Parse(line)!.AsObject();
                if (message["id"] is { } id)
                {
                    if (_pending.TryGetValue(id.GetValue<long>(), out var waiting))
                    {
                        waiting.TrySetResult(message);
                    }

                    continue;
                }

                switch ((string?)message["event"])
                {
                    case "baseline":
                        _baseline.TrySetResult(message);
                        break;
                    case "progress":
                        Started = (int)message["started"]!;
                        break;
                    case "started":
                        Started = Nodes.Count;
                        _started.TrySetResult(message);
                        break;
                    case "failed":
                        _failure = $"{Name} failed: {(string?)message["error"]}";
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            _errors.Add("(reading its output: " + e.Message + ")");
        }

        await _process.WaitForExitAsync();
        if (!_stopping || _failure is not null)
        {
            _failure ??= string.Create(CultureInfo.InvariantCulture, $"{Name} exited with code {_process.ExitCode}. Its last output:{Environment.NewLine}{_errors.Joined()}");
        }

        var gone = new NodeDiedException(_failure ?? $"{Name} was stopped.");
        _baseline.TrySetException(gone);
        _started.TrySetException(gone);
        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(gone);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (!_process.HasExited)
        {
            try
            {
                lock (_writeGate)
                {
                    _process.StandardInput.WriteLine(new JsonObject { ["op"] = "stop" }.ToJsonString());
                    _process.StandardInput.Close();
                }
            }
            catch (IOException)
            {
                // Already exiting.
            }

            await ChildExit.WaitOrKillAsync(_process, StopGrace);
        }

        await _reader;
        _process.Dispose();
    }
}
