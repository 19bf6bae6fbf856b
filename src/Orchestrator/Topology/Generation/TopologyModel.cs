namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>How <c>lnrelay topology generate</c> lays out the channels (docs/topology.md "Generated topologies").</summary>
internal enum TopologyModel
{
    /// <summary>Shaped like the public Lightning graph: a power-law degree distribution, a few large hubs, many nodes with one or two channels.</summary>
    ScaleFree,

    /// <summary>A uniformly random connected graph: every node about the same number of channels; a baseline to compare against.</summary>
    Random,
}

/// <summary>The model's name on the command line and in the network's default name.</summary>
internal static class TopologyModelNames
{
    public static string Name(this TopologyModel model) => model == TopologyModel.ScaleFree ? "scale-free" : "random";

    public static TopologyModel? Parse(string text) => text switch
    {
        "scale-free" => TopologyModel.ScaleFree,
        "random" => TopologyModel.Random,
        _ => null,
    };
}
