using LnRelay.Node;

namespace LnRelay.Orchestrator.Topology;

/// <summary>
/// Reads a topology file (YAML, docs/topology.md) into a <see cref="NetworkTopology"/>:
/// <see cref="TopologyReader"/> maps the YAML onto a <see cref="TopologyDocument"/> keeping
/// every value's position, and <see cref="TopologyValidator"/> checks it once. Every problem
/// is reported, not only the first, in file order, as "SOURCE:LINE:COLUMN: what is wrong;
/// the fix". Never throws for bad input.
/// </summary>
internal static class TopologyParser
{
    /// <summary>Parses YAML text; <paramref name="source"/> names it in messages.</summary>
    public static TopologyResult Parse(string yaml, string source)
    {
        var problems = new List<TopologyProblem>();
        var document = TopologyReader.Read(yaml, problems);
        var topology = document is null ? null : TopologyValidator.Validate(document, problems);
        return topology is not null
            ? new TopologyResult(topology, [])
            : new TopologyResult(null, [.. problems.OrderBy(p => p.At.Line).ThenBy(p => p.At.Column).Select(p => p.Format(source))]);
    }

    /// <summary>Reads and parses a file; a missing or unreadable file is one error.</summary>
    public static TopologyResult Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TopologyResult(null, [$"{path}: cannot be read ({e.Message})."]);
        }
    }
}

/// <summary>Either a topology or every problem found in the file.</summary>
internal sealed record TopologyResult(NetworkTopology? Topology, IReadOnlyList<string> Errors) : LoadResult<NetworkTopology>(Topology, Errors);
