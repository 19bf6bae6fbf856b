using System.Diagnostics;
using System.Text.Json;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Audit;

/// <summary>The accounting's outcome: every check, and whether the network was quiet (nothing in flight) when it was taken.</summary>
internal sealed record AuditResult(IReadOnlyList<AuditCheck> Checks, bool Quiet, double WaitedSeconds)
{
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>
/// <c>lnrelay audit</c>'s procedure (docs/supervision.md): read every node until nothing is in
/// flight (or the wait is over), then run <see cref="AuditChecks"/> on the last read, and print
/// it as a table or as JSON.
/// </summary>
internal static class NetworkAudit
{
    private const int MaxProblemsShown = 20;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<AuditResult> RunAsync(NetworkFolder folder, TimeSpan waitForQuiet, IReadOnlyDictionary<string, PaymentStatus>? seenByRun, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var snapshot = await NetworkSnapshot.ReadAsync(folder, ct);
        while ((!snapshot.Quiet || snapshot.Unreachable.Count > 0) && clock.Elapsed < waitForQuiet)
        {
            await Task.Delay(Poll, ct);
            snapshot = await NetworkSnapshot.ReadAsync(folder, ct);
        }

        return new AuditResult(AuditChecks.Run(folder.Network, snapshot, seenByRun), snapshot.Quiet, clock.Elapsed.TotalSeconds);
    }

    public static void Write(TextWriter output, AuditResult result)
    {
        var table = new TextTable("check", "result", "counted");
        foreach (var c in result.Checks)
        {
            table.Add(c.Name, c.Passed ? "ok" : "FAILED", c.Summary);
        }

        table.Write(output);
        foreach (var c in result.Checks.Where(c => c.Problems.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{c.Name}:");
            foreach (var p in c.Problems.Take(MaxProblemsShown))
            {
                output.WriteLine($"  - {p}");
            }

            if (c.Problems.Count > MaxProblemsShown)
            {
                output.WriteLine($"  … and {c.Problems.Count - MaxProblemsShown} more (--json lists them all)");
            }
        }

        output.WriteLine();
        output.WriteLine(result.Passed
            ? "Audit passed: nothing lost, nothing created."
            : $"Audit FAILED{(result.Quiet ? "" : " (the network was not quiet: something was still in flight)")}.");
    }

    public static void WriteJson(TextWriter output, AuditResult result) =>
        output.WriteLine(JsonSerializer.Serialize(
            new
            {
                passed = result.Passed,
                quiet = result.Quiet,
                waited_seconds = Math.Round(result.WaitedSeconds, 1),
                checks = result.Checks.Select(c => new { name = c.Name, passed = c.Passed, summary = c.Summary, problems = c.Problems }),
            },
            Indented));
}
