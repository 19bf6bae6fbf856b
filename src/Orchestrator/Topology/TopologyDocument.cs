namespace LnRelay.Orchestrator.Topology;

/// <summary>A 1-based line and column in a topology file.</summary>
internal readonly record struct FilePosition(long Line, long Column);

/// <summary>
/// A value as the topology file writes it (a scalar's text; for a list or mapping where a
/// scalar belongs, the kind of node, which no rule accepts), and where it is, so that a
/// problem with it is reported at the value itself.
/// </summary>
internal readonly record struct Placed(string Text, FilePosition At);

/// <summary>
/// A topology file read onto the shape of the network description (docs/topology.md), every
/// value with its position and nothing checked but the YAML's shape: <see cref="TopologyReader"/>
/// writes it, <see cref="TopologyValidator"/> checks it once and builds the <see cref="NetworkTopology"/>.
/// A key the file leaves out is null here.
/// </summary>
internal sealed class TopologyDocument
{
    public FilePosition Start { get; init; }

    public Placed? Network { get; set; }

    public Placed? BlockHeight { get; set; }

    public Placed? BlockIntervalSeconds { get; set; }

    public PolicyDocument? DefaultPolicy { get; set; }

    public List<Placed> Nodes { get; } = [];

    public List<ChannelDocument> Channels { get; } = [];

    /// <summary>node_features: each node named and its list of feature names (null when the entry is not a list).</summary>
    public List<(Placed Node, FilePosition ListAt, List<string>? Names)> NodeFeatures { get; } = [];
}

/// <summary>One channel of the file; <see cref="Ends"/> is null when 'between' is not a list of two.</summary>
internal sealed class ChannelDocument
{
    public FilePosition Start { get; init; }

    public (Placed Node1, Placed Node2, FilePosition At)? Ends { get; set; }

    public Placed? CapacityMsat { get; set; }

    public Placed? Closed { get; set; }

    /// <summary>balance_msat: where it is, and each end it names with its amount (null when it is not a mapping of one or two).</summary>
    public (FilePosition At, List<(Placed Node, Placed Msat)>? ByNode)? Balances { get; set; }

    /// <summary>policy: where it is, and each node it names with its policy (null when it is not a mapping).</summary>
    public (FilePosition At, List<(Placed Node, PolicyDocument Policy)>? ByNode)? Policies { get; set; }
}

/// <summary>A policy mapping: its fields by name, and the keys that are no policy field.</summary>
internal sealed class PolicyDocument
{
    public FilePosition Start { get; init; }

    /// <summary>False when the file has a scalar or a list where the policy mapping belongs.</summary>
    public bool IsMapping { get; init; }

    public Dictionary<string, Placed> Fields { get; } = new(StringComparer.Ordinal);

    public List<Placed> UnknownFields { get; } = [];
}

/// <summary>One problem with a topology file, at the value it is about.</summary>
internal sealed record TopologyProblem(FilePosition At, string Message)
{
    /// <summary>"SOURCE:LINE:COLUMN: what is wrong; the fix".</summary>
    public string Format(string source) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source}:{At.Line}:{At.Column}: {Message}");
}
