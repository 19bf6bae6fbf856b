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
        return record is not null && IsAlive(record.Pid, record.StartedAt) ? record : null;
    }

    /// <summary>The running node's process record if its pid file names a live process that started when it says; else null.</summary>
    public static ProcessRecord? LiveNode(string nodeDir)
    {
        var record = Read<ProcessRecord>(PidFile(nodeDir));
        return record is not null && IsAlive(record.Pid, record.StartedAt) ? record : null;
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

    private static bool IsAlive(int pid, DateTimeOffset startedAt) =>
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
internal sealed record SupervisorRecord(int Pid, DateTimeOffset StartedAt, string Restart, string Host);

/// <summary>DIR/NAME/node.pid: one running lnrelay-node process.</summary>
internal sealed record ProcessRecord(int Pid, DateTimeOffset StartedAt);

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
