using System.Diagnostics;
using System.Globalization;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// A node as an lnrelay-node child process. The executable is found beside lnrelay's own
/// assembly (the Orchestrator references the Node project, so the build puts
/// lnrelay-node.dll there) and run with the same dotnet host, or through its apphost.
/// Its console output is kept (the last lines) for the report if it dies.
/// </summary>
internal sealed class ChildProcessNode : IRunningNode
{
    private const int KeptOutputLines = 20;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly RecentLines _output = new(KeptOutputLines);
    private bool _stopping;
    private string? _lastError;

    private ChildProcessNode(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The process id, for DIR/NAME/node.pid (docs/supervision.md).</summary>
    public int ProcessId => _process.Id;

    /// <summary>When the OS started the process (UTC): with the pid, it tells this process from a later one given the same pid.</summary>
    public DateTimeOffset StartedAt => new(_process.StartTime.ToUniversalTime());

    public bool HasExited => _process.HasExited;

    public string? Death => !_stopping && _process.HasExited
        ? string.Create(CultureInfo.InvariantCulture, $"lnrelay-node {Name} exited with code {_process.ExitCode}. Its last output:{Environment.NewLine}{_output.Joined()}")
        : null;

    /// <summary>
    /// One line for a node that exited while starting: its exit code and the last line it
    /// wrote to stderr, where lnrelay-node prints the error that stopped it (for a refused
    /// store, the line naming the database file and the fix; docs/store.md).
    /// </summary>
    public async Task<string> ExitSummaryAsync()
    {
        // Waiting for the exit also waits until its redirected output is read to the end.
        await _process.WaitForExitAsync();
        var code = string.Create(CultureInfo.InvariantCulture, $"lnrelay-node {Name} exited with code {_process.ExitCode}");
        return _lastError is { } error ? $"{code}: {error}" : $"{code}.";
    }

    public static ChildProcessNode Start(string name, string dataDir)
    {
        var (file, prefix) = Executable();
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(["--data-dir", dataDir]))
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new ChildProcessNode(name, process);
        process.OutputDataReceived += (_, e) => node._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            node._output.Add(e.Data);
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                node._lastError = e.Data;
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>(program, arguments before ours): the running dotnet host with ASSEMBLY.dll (lnrelay-node, or lnrelay itself for its own children), else the apphost, else 'dotnet' on PATH.</summary>
    internal static (string File, string[] Prefix) Executable(string assembly = "lnrelay-node")
    {
        var dir = AppContext.BaseDirectory;
        var dll = Path.Combine(dir, assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{assembly}.dll is not beside lnrelay in {dir}; rebuild with 'dotnet build src/Orchestrator'.", dll);
        }

        var host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            return (host, [dll]);
        }

        var apphost = Path.Combine(dir, OperatingSystem.IsWindows() ? assembly + ".exe" : assembly);
        return File.Exists(apphost) ? (apphost, []) : (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll]);
    }

    public async Task StopAsync()
    {
        _stopping = true;
        if (_process.HasExited)
        {
            return;
        }

        // The node's host stops cleanly on SIGTERM (and on the SIGINT Ctrl+C sends the whole group).
        // On Windows (no SIGTERM) or when it cannot be sent, the grace period below ends in a kill.
        _ = ProcessSignal.TrySend(_process.Id, ProcessSignal.Terminate);

        await ChildExit.WaitOrKillAsync(_process, StopGrace);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
