using System.Diagnostics;
using System.Text.Json;
using LnRelay.Node.Api;

namespace LnRelay.Orchestrator.Supervision;

/// <summary>
/// The files through which <c>lnrelay up</c> (the supervisor) and the <c>lnrelay node</c>
/// verbs coordinate (docs/supervision.md, "How the verbs talk to the supervisor"):
/// <list type="bullet">
/// <item><c>DIR/supervisor.json</c>: the supervisor's pid, start time, restart policy and host;</item>
/// <item><c>DIR/NAME/node.pid</c>: the running node's pid and start time, written by the supervisor when it starts the node and removed when it sees it exit;</item>
/// <item><c>DIR/NAME/node.stop</c>: a stop was asked for; while it exists the supervisor keeps the node stopped and does not restart it.</item>
/// <item><c>DIR/NAME/node.state</c>: what the supervisor is doing with the node (<see cref="NodeStates"/>), read by <c>lnrelay web</c> without any token.</item>
/// </list>
/// A pid is trusted only with its process's start time, so a recycled pid is never signalled.
/// </summary>
internal static class ControlFiles
{
    public const string SupervisorFileName = "supervisor.json";
    public const string PidFileName = "node.pid";
    public const string StopMarkerName = "node.stop";
    public const string StateFileName = "node.state";

    /// <summary>Start times read back from /proc are rounded; within this they are the same process.</summary>
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    /// <summary>starttime in proc(5)'s list of /proc/PID/stat fields (numbered from 1).</summary>
    private const int StartTimeField = 22;

    private static readonly bool HasProc = File.Exists("/proc/self/stat");

    private static JsonSerializerOptions Json => ApiJson.Indented;

    public static string SupervisorFile(string networkDir) => Path.Combine(networkDir, SupervisorFileName);

    public static string PidFile(string nodeDir) => Path.Combine(nodeDir, PidFileName);

    public static string StopMarker(string nodeDir) => Path.Combine(nodeDir, StopMarkerName);

    public static string StateFile(string nodeDir) => Path.Combine(nodeDir, StateFileName);

    public static void WriteState(string nodeDir, NodeStateRecord record) => WriteAtomically(StateFile(nodeDir), record);

    /// <summary>The supervisor's last word on the node, or null when there is none (no supervisor, or a file half-written or unreadable).</summary>
    public static NodeStateRecord? ReadState(string nodeDir) => Read<NodeStateRecord>(StateFile(nodeDir));

    public static void WriteSupervisor(string networkDir, SupervisorRecord record) => WriteAtomically(SupervisorFile(networkDir), record);

    public static void WritePid(string nodeDir, ProcessRecord record) => WriteAtomically(PidFile(nodeDir), record);

    /// <summary>The supervisor of DIR if its record names a live process that started when it says; else null.</summary>
    public static SupervisorRecord? LiveSupervisor(string networkDir)
    {
        var record = Read<SupervisorRecord>(SupervisorFile(networkDir));
        return record is not null && IsAlive(record.Pid, record.StartedAt, record.StartTicks) ? record : null;
    }

    /// <summary>The running node's process record if its pid file names a live process that started when it says; else null.</summary>
    public static ProcessRecord? LiveNode(string nodeDir)
    {
        var record = Read<ProcessRecord>(PidFile(nodeDir));
        return record is not null && IsAlive(record.Pid, record.StartedAt, record.StartTicks) ? record : null;
    }

    public static bool StopRequested(string nodeDir) => File.Exists(StopMarker(nodeDir));

    public static void RequestStop(string nodeDir, string why) => File.WriteAllText(StopMarker(nodeDir), why + Environment.NewLine);

    public static void ClearStop(string nodeDir) => File.Delete(StopMarker(nodeDir));

    public static void Delete(string path) => File.Delete(path);

    /// <summary>The start time of a process as the OS reports it (UTC), or null when it is gone or not ours to see.</summary>
    public static DateTimeOffset? StartTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : new DateTimeOffset(process.StartTime.ToUniversalTime());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where the system has /proc (Linux): when the process started, in clock ticks after boot
    /// (field 22 of /proc/PID/stat), as the kernel keeps it. No clock moves it, so every
    /// process reads the same number; null when the process is gone (or a zombie) or there is no /proc.
    /// </summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last ')'; state is field 3.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // A zombie (Z) or dying (X) process has ended: only its exit status waits to be
            // collected, which takes a moment when its parent is gone (a killed 'up' lingers as a
            // zombie until init reaps it) and must not read as a live supervisor or node.
            if (fields[0] is "Z" or "X")
            {
                return null;
            }

            return fields.Length > StartTimeField - 3 && long.TryParse(fields[StartTimeField - 3], System.Globalization.CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// The same process as the record's: by its start in ticks after boot when the record has it
    /// (exact); else by its start time, within <see cref="StartTimeTolerance"/>. .NET turns the
    /// ticks into a wall-clock time with a boot time each reading process computes once (the
    /// wall clock minus the time since boot), so two processes disagree by however far the wall
    /// clock stepped between their starts, and a live node would read as gone to a reader
    /// started before the step.
    /// </summary>
    private static bool IsAlive(int pid, DateTimeOffset startedAt, long? startTicks)
    {
        if (HasProc)
        {
            // Where /proc is, it also says whether the process is a zombie (StartTicks is null then).
            return StartTicks(pid) is { } actualTicks
                && (startTicks is { } recorded ? actualTicks == recorded : StartedNear(pid, startedAt));
        }

        return StartedNear(pid, startedAt);
    }

    private static bool StartedNear(int pid, DateTimeOffset startedAt) =>
        StartTime(pid) is { } actual && (actual - startedAt).Duration() <= StartTimeTolerance;

    private static T? Read<T>(string path)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Missing, half-written by a process killed mid-write, or not ours: as if absent.
            return null;
        }
    }

    /// <summary>Writes beside the target and renames over it, so a reader never sees half a file.</summary>
    private static void WriteAtomically<T>(string path, T value)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(value, Json));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>DIR/supervisor.json: who supervises the network, how it restarts nodes, and whether they are child processes (<c>child-process</c>) or hosted in its own process (<c>in-process</c>).</summary>
internal sealed record SupervisorRecord(int Pid, DateTimeOffset StartedAt, string Restart, string Host)
{
    /// <summary>The process's start in ticks after boot (<see cref="ControlFiles.StartTicks"/>); null without /proc.</summary>
    public long? StartTicks { get; init; }
}

/// <summary>DIR/NAME/node.pid: one running lnrelay-node process.</summary>
internal sealed record ProcessRecord(int Pid, DateTimeOffset StartedAt)
{
    /// <summary>The process's start in ticks after boot (<see cref="ControlFiles.StartTicks"/>); null without /proc.</summary>
    public long? StartTicks { get; init; }

    /// <summary>The record of a running process, with its start in ticks after boot where the system tells it.</summary>
    public static ProcessRecord Of(int pid, DateTimeOffset startedAt) => new(pid, startedAt) { StartTicks = ControlFiles.StartTicks(pid) };
}

/// <summary>
/// DIR/NAME/node.state: the supervisor's view of one node. <see cref="State"/> is one of
/// <see cref="NodeStates"/>; <see cref="Attempt"/> counts restarts after a death (0 before the first).
/// </summary>
internal sealed record NodeStateRecord(string State, int Attempt, DateTimeOffset Since);

/// <summary>The words node.state uses (docs/supervision.md, "Node state for the web view").</summary>
internal static class NodeStates
{
    /// <summary>Running and answering as far as the supervisor knows.</summary>
    public const string Up = "up";

    /// <summary>Died; the supervisor is starting it again with back-off.</summary>
    public const string Restarting = "restarting";

    /// <summary>Stopped because 'lnrelay node stop' asked.</summary>
    public const string Stopped = "stopped";

    /// <summary>The supervisor gave up restarting it after its tries (or runs under --restart never).</summary>
    public const string GaveUp = "gave_up";
}
