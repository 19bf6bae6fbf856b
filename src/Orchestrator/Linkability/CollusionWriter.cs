namespace LnRelay.Orchestrator.Linkability;

/// <summary>Prints <see cref="CollusionKnowledge"/> under the knowledge table.</summary>
internal static class CollusionWriter
{
    public static void Write(TextWriter output, CollusionKnowledge collusion)
    {
        output.WriteLine();
        output.WriteLine($"What {string.Join(", ", collusion.Colluders)} learn together (their own logs pooled; docs/privacy.md):");
        foreach (var link in collusion.Links)
        {
            var heuristic = link.ByHeuristic ? $"yes (assuming {link.HeuristicGap} honest hop(s) between)" : "no";
            output.WriteLine($"  {link.Upstream} and {link.Downstream} ({link.Between} honest hop(s) between): linked by identifier {(link.ByIdentifier ? "yes" : "no")}, by the heuristic {heuristic}");
        }

        foreach (var fact in collusion.Together)
        {
            output.WriteLine($"  {fact.What}: {fact.Together}");
        }
    }
}
