using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace LnRelay.Orchestrator.Tests;

/// <summary>
/// Runs the built <c>lnrelay</c> as a child process (stdout is process-wide, so verbs
/// that print JSON lines are tested as processes) and collects its JSON lines.
/// Every wait has a deadline.
/// </summary>
internal sealed class StsCliProcess : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _lines = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private StsCliProcess(Process process) => _process = process;

    public IReadOnlyList<JsonElement> Lines => [.. _lines];

    public string Stderr => string.Join('\n', _stderr);

    public static StsCliProcess Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lnrelay.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var cli = new StsCliProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                cli._lines.Enqueue(line.StartsWith('{') ? JsonDocument.Parse(line).RootElement.Clone() : JsonDocument.Parse(JsonSerializer.Serialize(new { text = line })).RootElement.Clone());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                cli._stderr.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to completion and returns the exit code.</summary>
    public static async Task<(int ExitCode, StsCliProcess Cli)> RunAsync(string workingDirectory, params string[] args)
    {
        var cli = Start(workingDirectory, args);
        using var timeout = new CancellationTokenSource(Deadline);
        await cli._process.WaitForExitAsync(timeout.Token);
        cli._process.WaitForExit(); // Drains the asynchronous output readers.
        return (cli._process.ExitCode, cli);
    }

    /// <summary>Waits for the first JSON line matching <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForLineAsync(Func<JsonElement, bool> match, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        var exited = false;
        while (DateTime.UtcNow < until)
        {
            foreach (var line in _lines)
            {
                if (match(line))
                {
                    return line;
                }
            }

            if (exited)
            {
                break;
            }

            if (_process.HasExited)
            {
                // Drain the output readers, then look one last time.
                _process.WaitForExit();
                exited = true;
                continue;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"No line for {what}. Output: {string.Join('\n', _lines)} Stderr: {Stderr}");
        throw new InvalidOperationException();
    }

    public static bool IsEvent(JsonElement line, string name) =>
        line.TryGetProperty("event", out var e) && e.GetString() == name;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
