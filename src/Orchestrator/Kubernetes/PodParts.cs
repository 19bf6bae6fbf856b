using k8s.Models;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// Pieces every generated pod shares: the image's user (the Dockerfile's lnrelay, uid 10001),
/// a writable data volume, resources, and the settings that keep thousands of pods cheap.
/// </summary>
internal static class PodParts
{
    /// <summary>The Dockerfile's lnrelay user and group.</summary>
    public const long ImageUser = 10_001;

    public const string DataVolume = "data";
    public const string DataPath = "/data";
    public const string NetworkVolume = "network";
    public const string NetworkPath = "/network";
    public const string KeysVolume = "keys";
    public const string KeysPath = "/keys";

    /// <summary>The image name in every container; kustomization.yaml's images entry maps it to --image.</summary>
    public const string ImageName = "lnrelay";

    /// <summary>Room for a node's store and logs (docs/store.md); a shard asks for this per node.</summary>
    public const int DataMiPerNode = 64;

    public static V1PodSecurityContext PodSecurity() => new()
    {
        RunAsUser = ImageUser,
        RunAsGroup = ImageUser,
        RunAsNonRoot = true,
        // The data volume and the Secrets' files belong to this group, so the image's user can use them.
        FsGroup = ImageUser,
    };

    public static V1SecurityContext ContainerSecurity() => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };

    /// <summary>
    /// enableServiceLinks off: the kubelet would otherwise give every container an environment
    /// variable per Service in the namespace, which breaks pod start ("argument list too long")
    /// at about 2,000 Services (kubernetes/kubernetes #84539). No service account token: the
    /// nodes never talk to the API server.
    /// </summary>
    public static V1PodSpec Spec(IList<V1Container> init, IList<V1Container> containers, IList<V1Volume> volumes, string restartPolicy = "Always") => new()
    {
        EnableServiceLinks = false,
        AutomountServiceAccountToken = false,
        SecurityContext = PodSecurity(),
        TerminationGracePeriodSeconds = 15,
        RestartPolicy = restartPolicy,
        InitContainers = init,
        Containers = containers,
        Volumes = volumes,
    };

    public static V1Container Container(string name, IList<string> command, IList<V1VolumeMount> mounts) => new()
    {
        Name = name,
        Image = ImageName,
        ImagePullPolicy = "IfNotPresent",
        Command = command,
        VolumeMounts = mounts,
        SecurityContext = ContainerSecurity(),
    };

    public static V1ResourceRequirements Resources(string memoryRequest, string cpuRequest, string memoryLimit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["memory"] = new ResourceQuantity(memoryRequest),
            ["cpu"] = new ResourceQuantity(cpuRequest),
        },
        Limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["memory"] = new ResourceQuantity(memoryLimit) },
    };

    /// <summary>A Secret volume readable by the pod's group only (0440): the files are copied into the data folder with mode 0600 before use.</summary>
    public static V1Volume SecretVolume(string volumeName, string secretName) => new()
    {
        Name = volumeName,
        Secret = new V1SecretVolumeSource { SecretName = secretName, DefaultMode = Convert.ToInt32("440", 8) },
    };

    public static V1VolumeMount Mount(string volume, string path, bool readOnly = true) => new() { Name = volume, MountPath = path, ReadOnlyProperty = readOnly };

    /// <summary>A persistent volume per pod (StatefulSet volumeClaimTemplates), so a node's store survives its pod.</summary>
    public static V1PersistentVolumeClaim DataClaim(int mebibytes) => new()
    {
        Metadata = new V1ObjectMeta { Name = DataVolume },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new ResourceQuantity($"{mebibytes}Mi") },
            },
        },
    };

    public static V1Secret Secret(string name, string component, string unit, IDictionary<string, byte[]> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, Labels = K8sNames.Labels(component, unit) },
        Type = "Opaque",
        Data = data,
    };

    public static V1Service HeadlessService(string name, string component, IList<V1ServicePort> ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, Labels = K8sNames.Labels(component, name) },
        Spec = new V1ServiceSpec
        {
            // Headless: a stable DNS name for the pod, no kube-proxy rules; peers may dial before readiness.
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = K8sNames.Selector(name),
            Ports = ports,
        },
    };

    /// <summary>One replica: never two pods with one node key (a Deployment's rolling update could run two).</summary>
    public static V1StatefulSet StatefulSet(string name, string component, V1PodSpec pod, int dataMebibytes) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = new V1ObjectMeta { Name = name, Labels = K8sNames.Labels(component, name) },
        Spec = new V1StatefulSetSpec
        {
            Replicas = 1,
            ServiceName = name,
            PodManagementPolicy = "Parallel",
            Selector = new V1LabelSelector { MatchLabels = K8sNames.Selector(name) },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = K8sNames.Labels(component, name) },
                Spec = pod,
            },
            VolumeClaimTemplates = [DataClaim(dataMebibytes)],
        },
    };
}
