using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Tests.Shared;

/// <summary>
/// The real <c>lnrelay</c> command line as a child process (lnrelay.dll beside the tests, run
/// with the same dotnet host; the test projects that reference the orchestrator share this
/// file), its output kept line by line. Every wait has a deadline; disposing kills whatever is
/// still running, children included, and <see cref="RunAsync"/> does so itself when the
/// process outlives its deadline.
/// </summary>
internal sealed class LnrelayProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private LnrelayProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>The lines of standard output so far, in order.</summary>
    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    private string Command => "lnrelay " + string.Join(' ', _process.StartInfo.ArgumentList.Skip(1));

    public static LnrelayProcess Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lnrelay.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var cli = new LnrelayProcess(process);
        process.OutputDataReceived += (_, e) => Keep(cli._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(cli._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end (within <paramref name="deadline"/>) and returns the exit code with the process's output; a process still running at the deadline is killed.</summary>
    public static async Task<(int ExitCode, LnrelayProcess Cli)> RunAsync(string workingDirectory, TimeSpan deadline, params string[] args)
    {
        var cli = Start(workingDirectory, args);
        try
        {
            return (await cli.WaitForExitAsync(deadline), cli);
        }
        catch
        {
            cli.Dispose();
            throw;
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Command} did not end within {deadline}.\nstdout: {Stdout}\nstderr: {Stderr}");
        }

        _process.WaitForExit(); // Drains the output readers.
        return _process.ExitCode;
    }

    /// <summary>Waits until a line of standard output satisfies <paramref name="match"/> and returns it; fails if the process ends without printing one.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan deadline, string what = "the awaited line")
    {
        var line = await Eventually.ValueAsync(
            () =>
            {
                var exited = _process.HasExited;
                if (exited)
                {
                    _process.WaitForExit(); // Drains the output readers: everything it printed is here now.
                }

                var found = _stdout.FirstOrDefault(match);
                if (found is null && exited)
                {
                    Assert.Fail($"{Command} exited ({_process.ExitCode}) without printing {what}.\nstdout: {Stdout}\nstderr: {Stderr}");
                }

                return found;
            },
            found => found is not null,
            _ => $"{Command} printing {what}.\nstdout: {Stdout}\nstderr: {Stderr}",
            deadline);
        return line!;
    }

    /// <summary>Sends a POSIX signal (<see cref="ProcessSignal.Interrupt"/>, <see cref="ProcessSignal.Terminate"/>) to the process, as Ctrl+C or a service manager would.</summary>
    public void Signal(int signal) =>
        Assert.True(ProcessSignal.TrySend(Id, signal), $"kill({Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
