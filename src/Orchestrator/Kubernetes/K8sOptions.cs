namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>How <c>lnrelay k8s</c> packs nodes into pods (docs/kubernetes.md "Layouts").</summary>
internal enum K8sLayout
{
    /// <summary>A pod per node: a one-replica StatefulSet and a headless Service named after the node.</summary>
    PerNode,

    /// <summary>A pod per K nodes ("shard-I"), hosted in one process by <c>lnrelay k8s host</c>.</summary>
    Shards,
}

/// <summary>What <c>lnrelay k8s</c> generates. <see cref="Payer"/>/<see cref="Payee"/> null: chosen by <see cref="ScenarioObjects.Choose"/>.</summary>
internal sealed record K8sOptions(
    string Namespace,
    string Image,
    K8sLayout Layout,
    int NodesPerPod,
    string? Payer = null,
    string? Payee = null)
{
    public const string DefaultNamespace = "lnrelay";
    public const string DefaultImage = "lnrelay:latest";
    public const int DefaultNodesPerPod = 100;
    public const int MaxNodesPerPod = 1_000;
}
