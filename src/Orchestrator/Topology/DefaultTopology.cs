namespace LnRelay.Orchestrator.Topology;

/// <summary>topologies/five-node.yaml, embedded in the binary so that init, up and demo work from any folder.</summary>
internal static class DefaultTopology
{
    public const string Name = "five-node.yaml";

    public static string Text()
    {
        using var stream = typeof(DefaultTopology).Assembly.GetManifestResourceStream(Name)
            ?? throw new InvalidOperationException($"The embedded {Name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The file when a path is given, else the embedded default.</summary>
    public static TopologyResult Load(string? path) =>
        path is null ? TopologyParser.Parse(Text(), "topologies/" + Name + " (built in)") : TopologyParser.Load(path);
}
