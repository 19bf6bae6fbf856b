using LnRelay.Orchestrator.NetworkSetup;

namespace LnRelay.Orchestrator.Compose;

/// <summary>
/// Where things are in the lnrelay image and its compose project (docs/docker.md). The
/// Dockerfile creates <see cref="NetworkMount"/> and <see cref="LogsMount"/> owned by the
/// image's user (so Docker gives new volumes mounted there that owner) and copies the
/// repository's topologies/ to <see cref="ImageTopologies"/>; a test holds it to that.
/// Node addresses and ports are not here: <c>lnrelay init --hosts container</c> writes
/// them (<see cref="PortPlan"/>), and the compose file only names the nodes.
/// </summary>
internal static class ComposeLayout
{
    /// <summary>The image every service runs; built from the repository's Dockerfile.</summary>
    public const string Image = "lnrelay";

    /// <summary>The volume init writes the network folder into: DIR/network.json and DIR/NAME/ per node.</summary>
    public const string NetworkVolume = "network";

    /// <summary>The volume every node writes its JSON-lines log into, NAME.jsonl.</summary>
    public const string LogsVolume = "logs";

    public const string NetworkMount = "/net";

    public const string LogsMount = "/logs";

    /// <summary>The repository's topologies/ folder inside the image.</summary>
    public const string ImageTopologies = "/app/topologies";

    /// <summary>The repository folder that holds topology files; the image copies it.</summary>
    public const string TopologiesFolder = "topologies";

    public const string InitService = "init";

    public const string OrchestratorService = "orchestrator";

    /// <summary>The chain service: its name is the host in network.json's chain.rpc_url (docs/chain.md).</summary>
    public const string ChainService = OnChain.ChainPlan.ContainerHost;

    /// <summary>Every address of the container, so that other containers reach the node.</summary>
    public const string BindAll = "0.0.0.0";

    /// <summary>Service names the compose file uses besides the nodes' own.</summary>
    public static IReadOnlyList<string> OtherServices { get; } = [InitService, ChainService, OrchestratorService];
}
