using System.Diagnostics;
using System.Globalization;
using LnRelay.Orchestrator.Bench;

namespace LnRelay.Orchestrator.Rendering;

/// <summary>
/// Times the steps of a long start-up (init, starting nodes, connecting them) and says, on
/// stderr, how long each took and how the process's resident memory moved, so that at a
/// thousand nodes the slow or costly step is named (docs/performance.md "Many nodes").
/// A null writer keeps it quiet (the tests).
/// </summary>
internal sealed class StepTimer(TextWriter? output)
{
    private readonly List<StepFigure> _steps = [];

    public IReadOnlyList<StepFigure> Steps => _steps;

    /// <summary>Runs one step and records its time and memory.</summary>
    public T Run<T>(string name, Func<T> step)
    {
        var (clock, before) = Begin(name);
        var result = step();
        End(name, clock, before);
        return result;
    }

    public async Task<T> RunAsync<T>(string name, Func<Task<T>> step)
    {
        var (clock, before) = Begin(name);
        var result = await step();
        End(name, clock, before);
        return result;
    }

    public async Task RunAsync(string name, Func<Task> step)
    {
        var (clock, before) = Begin(name);
        await step();
        End(name, clock, before);
    }

    private (Stopwatch Clock, double ResidentMb) Begin(string name)
    {
        Write($"{name}…");
        return (Stopwatch.StartNew(), ProcessMemory.ResidentMb());
    }

    private void End(string name, Stopwatch clock, double beforeMb)
    {
        var after = ProcessMemory.ResidentMb();
        var figure = new StepFigure(name, clock.Elapsed, after - beforeMb, after);
        _steps.Add(figure);
        Write(figure.ToString());
    }

    private void Write(string line)
    {
        if (output is null)
        {
            return;
        }

        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}

/// <summary>One step's time and its change of resident memory.</summary>
internal sealed record StepFigure(string Name, TimeSpan Elapsed, double ResidentDeltaMb, double ResidentMb)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {Elapsed.TotalSeconds:0.00} s, resident memory {ResidentDeltaMb:+0;-0;0} MB (now {ResidentMb:N0} MB)");
}
