using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Orchestrator.Tests;

/// <summary>
/// The built <c>lnrelay</c> as a child process (<see cref="LnrelayProcess"/>) for verbs that
/// print JSON lines (stdout is process-wide, so they are tested as processes): its standard
/// output read as JSON, a line that is not JSON (help text) as {"text": LINE}.
/// </summary>
internal sealed class StsCliProcess : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly LnrelayProcess _process;

    private StsCliProcess(LnrelayProcess process) => _process = process;

    public IReadOnlyList<JsonElement> Lines => [.. _process.StdoutLines.Where(l => l.Length > 0).Select(ToJson)];

    public string Stderr => _process.Stderr;

    public static StsCliProcess Start(string workingDirectory, params string[] args) => new(LnrelayProcess.Start(workingDirectory, args));

    /// <summary>Runs to completion and returns the exit code; a process still running at the deadline is killed.</summary>
    public static async Task<(int ExitCode, StsCliProcess Cli)> RunAsync(string workingDirectory, params string[] args)
    {
        var (exit, process) = await LnrelayProcess.RunAsync(workingDirectory, Deadline, args);
        return (exit, new StsCliProcess(process));
    }

    /// <summary>Waits for the first JSON line matching <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForLineAsync(Func<JsonElement, bool> match, string what) =>
        ToJson(await _process.WaitForOutputAsync(l => l.Length > 0 && match(ToJson(l)), Deadline, what));

    public static bool IsEvent(JsonElement line, string name) =>
        line.TryGetProperty("event", out var e) && e.GetString() == name;

    public void Dispose() => _process.Dispose();

    private static JsonElement ToJson(string line)
    {
        using var document = line.StartsWith('{') ? JsonDocument.Parse(line) : JsonDocument.Parse(JsonSerializer.Serialize(new { text = line }));
        return document.RootElement.Clone();
    }
}
