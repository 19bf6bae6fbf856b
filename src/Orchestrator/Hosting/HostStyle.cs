namespace LnRelay.Orchestrator.Hosting;

/// <summary>Where the nodes of an initialised network will run, which decides the addresses in network.json.</summary>
internal enum HostStyle
{
    /// <summary>Every node on this machine: host 127.0.0.1, each node its own pair of ports.</summary>
    Local,

    /// <summary>One container per node: host = the node's name, every node the same ports, bound to 0.0.0.0.</summary>
    Container,
}
