using System.Globalization;
using System.Text.RegularExpressions;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// Object names and labels of generated manifests. Services need RFC 1035 labels (a-z, 0-9,
/// '-', starting with a letter, at most 63 characters; kubernetes.io "Object Names and IDs");
/// a StatefulSet's name at most 52, since its pods get a controller-revision-hash label of
/// NAME-HASH under 63.
/// </summary>
internal static partial class K8sNames
{
    public const string AppLabel = "app.kubernetes.io/name";
    public const string AppName = "lnrelay";
    public const string ComponentLabel = "app.kubernetes.io/component";

    /// <summary>The label that makes each pod unique: its unit (node or shard) name; every Service selects on it.</summary>
    public const string UnitLabel = "lnrelay.org/unit";

    public const string ChainName = "chain";
    public const string ScenarioName = "scenario";
    public const string NetworkConfigMapPrefix = "network-";
    public const string ChainBlocksConfigMapPrefix = "chain-blocks-";
    public const string ShardPrefix = "shard-";
    public const string KeysSuffix = "-keys";

    /// <summary>The longest StatefulSet name whose pods' revision labels stay within 63 characters.</summary>
    public const int MaxStatefulSetName = 52;

    /// <summary>Names the generator uses for its own objects; a node may not take them.</summary>
    public static readonly string[] Reserved = [ChainName, ScenarioName];

    public static bool IsServiceName(string name) => name.Length <= MaxStatefulSetName && Rfc1035().IsMatch(name);

    public static string ShardName(int index) => ShardPrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The pod a one-replica StatefulSet runs: NAME-0.</summary>
    public static string PodName(string unit) => unit + "-0";

    public static Dictionary<string, string> Labels(string component, string unit) => new(StringComparer.Ordinal)
    {
        [AppLabel] = AppName,
        [ComponentLabel] = component,
        [UnitLabel] = unit,
    };

    /// <summary>What selects exactly the pod of one unit.</summary>
    public static Dictionary<string, string> Selector(string unit) => new(StringComparer.Ordinal)
    {
        [AppLabel] = AppName,
        [UnitLabel] = unit,
    };

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Rfc1035();
}
