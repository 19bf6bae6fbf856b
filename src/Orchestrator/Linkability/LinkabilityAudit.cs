using System.Globalization;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// <c>lnrelay audit linkability</c> (docs/privacy.md): reads only the colluders' own HopView
/// events, links them by identifier (<see cref="IdentifierLinker"/>) and by the heuristic
/// (<see cref="HeuristicLinker"/>), and scores both against the payers' records
/// (<see cref="PaymentTruth"/>).
/// </summary>
internal static class LinkabilityAudit
{
    /// <summary>Reads a network folder's logs; the heuristic's fee and delta ranges default to the policies of its network.json (the public graph).</summary>
    public static LinkabilityResult FromFolder(string directory, IReadOnlyList<string> colluders, Func<HeuristicParameters, HeuristicParameters>? adjust = null)
    {
        var logs = NetworkLogs.FromFolder(directory);
        if (logs.Logs is null)
        {
            return LinkabilityResult.Failed(logs.Error!);
        }

        var parameters = DefaultParameters(directory);
        return Run(logs.Logs, colluders, adjust is null ? parameters : adjust(parameters));
    }

    /// <summary>The policies' ranges from DIR/network.json when it loads; the node's default policy otherwise.</summary>
    public static HeuristicParameters DefaultParameters(string directory)
    {
        var path = Path.Combine(directory, NetworkFile.FileName);
        var network = File.Exists(path) ? NetworkFile.Load(path).Network : null;
        return network is null
            ? new HeuristicParameters()
            : HeuristicParameters.FromPolicies(network.Channels.SelectMany(c => new[] { c.Node1Policy, c.Node2Policy }));
    }

    public static LinkabilityResult Run(NetworkLogs logs, IReadOnlyList<string> colluders, HeuristicParameters parameters)
    {
        var events = logs.Events.ToList();
        var withLogs = events.Select(e => e.Node).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = colluders.Where(c => !withLogs.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return LinkabilityResult.Failed($"no log events for {string.Join(", ", missing)}; nodes with logs: {string.Join(", ", withLogs)}. Pass --collude with names from that list.");
        }

        var colluding = new HashSet<string>(colluders, StringComparer.Ordinal);
        // What the colluders can pool: their own events only.
        var observations = ObservationReader.Read(events.Where(e => colluding.Contains(e.Node)), out var unusable);
        // The truth: the payers' records, which no linker reads.
        var truth = PaymentTruth.FromOrigins(events);
        return new LinkabilityResult(Score(colluders, observations, truth, parameters, Notes(logs, observations, truth, unusable)), null);
    }

    /// <summary>The sans-IO core: observations and the truth in, the scored report out.</summary>
    public static LinkabilityReport Score(IReadOnlyList<string> colluders, IReadOnlyList<LinkObservation> observations, PaymentTruth truth, HeuristicParameters parameters, IReadOnlyList<string>? notes = null)
    {
        var identifier = IdentifierLinker.Link(observations);
        var heuristic = HeuristicLinker.Link(observations, parameters);
        var byGap = heuristic
            .Where(c => c.GapHops is not null && truth.PaymentOf(c.Upstream) is { } p && p == truth.PaymentOf(c.Downstream))
            .GroupBy(c => c.GapHops!.Value)
            .OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => g.Count());
        var views = colluders
            .Select(c => new ColluderView(
                c,
                observations.Count(o => o.Node == c),
                observations.Where(o => o.Node == c).Select(truth.PaymentOf).Where(p => p is not null).Distinct(StringComparer.Ordinal).Count()))
            .ToList();
        return new LinkabilityReport(
            colluders,
            views,
            truth.Payments,
            [
                LinkScore.Of(LinkabilityReport.IdentifierMethod, identifier, observations, truth.PaymentOf),
                LinkScore.Of(LinkabilityReport.HeuristicMethod, heuristic, observations, truth.PaymentOf),
            ],
            parameters.Describe(),
            byGap,
            notes ?? [])
        {
            WrongExamples = [.. heuristic
                .Where(c => truth.PaymentOf(c.Upstream) is { } a && truth.PaymentOf(c.Downstream) is { } b && a != b)
                .Take(WrongExamplesShown)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Upstream.Describe()} -> {c.Downstream.Describe()} (gap {c.GapHops}, {(c.Downstream.At - c.Upstream.At).TotalMilliseconds:0.0} ms)"))],
        };
    }

    private const int WrongExamplesShown = 5;

    private static List<string> Notes(NetworkLogs logs, List<LinkObservation> observations, PaymentTruth truth, int unusable)
    {
        var notes = new List<string>();
        var unexplained = observations.Count(o => truth.PaymentOf(o) is null);
        if (unexplained > 0)
        {
            notes.Add($"{unexplained} observation(s) belong to no payment in the payers' logs (a payer's log is missing, or it was a probe to an unknown hash): their links are counted as unscored.");
        }

        if (unusable > 0)
        {
            notes.Add($"{unusable} HopView event(s) had no timestamp and were left out.");
        }

        var skipped = logs.Skipped.ToList();
        if (skipped.Count > 0)
        {
            notes.Add($"{skipped.Count} log line(s) could not be used: {string.Join(" ", skipped.Take(3))}");
        }

        return notes;
    }
}
