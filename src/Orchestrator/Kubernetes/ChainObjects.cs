using k8s.Models;
using LnRelay.Chain.Blocks;
using LnRelay.Orchestrator.OnChain;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// The regtest chain service (<c>lnrelay chain serve</c>, docs/chain.md) as a one-replica
/// StatefulSet behind the headless Service "chain" (network.json's rpc_url is
/// http://chain:18443): its seed and RPC credentials from a Secret, network.json and the
/// chain init built from ConfigMap parts. chain.blocks is copied only when the volume has
/// none, since the service appends every block it mines to it.
/// </summary>
internal static class ChainObjects
{
    public const string Component = "chain";
    private const string BlocksVolume = "blocks";
    private const string BlocksPath = "/blocks";

    public static IEnumerable<object> Build(ClusterNetwork network, IReadOnlyList<V1ConfigMap> networkParts, IReadOnlyList<V1ConfigMap> blockParts)
    {
        var name = K8sNames.ChainName;
        var secretName = name + K8sNames.KeysSuffix;
        yield return PodParts.Secret(secretName, Component, name, new Dictionary<string, byte[]>(network.ChainSecrets, StringComparer.Ordinal));
        yield return PodParts.HeadlessService(name, Component, [new V1ServicePort { Name = "rpc", Port = ChainPlan.RegtestRpcPort, TargetPort = ChainPlan.RegtestRpcPort, Protocol = "TCP" }]);

        var dir = PodParts.DataPath + "/net";
        var script =
            "set -eu\n" +
            $"mkdir -p {dir}\n" +
            $"cat {PodParts.NetworkPath}/network.json.gz.* > {dir}/network.json.gz\n" +
            $"for f in {string.Join(' ', network.ChainSecrets.Keys)}; do cat {PodParts.KeysPath}/$f > {dir}/$f; chmod 600 {dir}/$f; done\n" +
            $"if [ ! -s {dir}/{ChainFile.FileName} ]; then cat {BlocksPath}/{ChainFile.FileName}.gz.* | gunzip > {dir}/{ChainFile.FileName}; fi\n";
        var prepare = PodParts.Container(
            "prepare",
            ["sh", "-c", script],
            [
                PodParts.Mount(PodParts.KeysVolume, PodParts.KeysPath),
                PodParts.Mount(PodParts.NetworkVolume, PodParts.NetworkPath),
                PodParts.Mount(BlocksVolume, BlocksPath),
                PodParts.Mount(PodParts.DataVolume, PodParts.DataPath, readOnly: false),
            ]);
        var serve = PodParts.Container("chain", ["lnrelay", "chain", "serve", "--dir", dir, "--bind", "0.0.0.0"], [PodParts.Mount(PodParts.DataVolume, PodParts.DataPath, readOnly: false)]);
        serve.Ports = [new V1ContainerPort { Name = "rpc", ContainerPort = ChainPlan.RegtestRpcPort }];
        serve.ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = ChainPlan.RegtestRpcPort }, PeriodSeconds = 5 };
        serve.Resources = PodParts.Resources("256Mi", "100m", "1Gi");
        var pod = PodParts.Spec(
            [prepare],
            [serve],
            [PodParts.SecretVolume(PodParts.KeysVolume, secretName), GzipParts.Volume(PodParts.NetworkVolume, networkParts), GzipParts.Volume(BlocksVolume, blockParts)]);
        yield return PodParts.StatefulSet(name, Component, pod, dataMebibytes: 1_024);
    }
}
