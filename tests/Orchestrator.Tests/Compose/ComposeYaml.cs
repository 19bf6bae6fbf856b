using YamlDotNet.RepresentationModel;

namespace LnRelay.Orchestrator.Tests.Compose;

/// <summary>
/// A compose file read with YamlDotNet, independently of the code that writes it: the
/// services in file order with what the tests check, and the named volumes.
/// </summary>
internal sealed record ComposeYaml(IReadOnlyList<ComposeYaml.Service> Services, IReadOnlyList<string> Volumes)
{
    public IReadOnlyList<string> ServiceNames => [.. Services.Select(s => s.Name)];

    public Service this[string name] => Services.Single(s => s.Name == name);

    public static ComposeYaml Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var services = ((YamlMappingNode)root["services"]).Children.Select(s => ReadService(((YamlScalarNode)s.Key).Value!, (YamlMappingNode)s.Value)).ToList();
        var volumes = ((YamlMappingNode)root["volumes"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        return new ComposeYaml(services, volumes);
    }

    private static Service ReadService(string name, YamlMappingNode node)
    {
        var dependsOn = node.Children.TryGetValue("depends_on", out var d)
            ? ((YamlMappingNode)d).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Scalar((YamlMappingNode)c.Value, "condition")!, StringComparer.Ordinal)
            : [];
        var healthCheckOff = node.Children.TryGetValue("healthcheck", out var h) && Scalar((YamlMappingNode)h, "disable") == "true";
        return new Service(
            name,
            Scalar(node, "build"),
            Scalar(node, "image"),
            Sequence(node, "command"),
            Sequence(node, "volumes"),
            dependsOn,
            healthCheckOff);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    private static IReadOnlyList<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? [.. ((YamlSequenceNode)value).Children.Select(c => ((YamlScalarNode)c).Value!)] : [];

    /// <summary>One service; <see cref="Mounts"/> maps each mount path to (volume, read-only).</summary>
    internal sealed record Service(
        string Name,
        string? Build,
        string? Image,
        IReadOnlyList<string> Command,
        IReadOnlyList<string> Volumes,
        IReadOnlyDictionary<string, string> DependsOn,
        bool HealthCheckOff)
    {
        public IReadOnlyDictionary<string, (string Volume, bool ReadOnly)> Mounts =>
            Volumes.Select(v => v.Split(':')).ToDictionary(p => p[1], p => (p[0], p.Length > 2 && p[2] == "ro"), StringComparer.Ordinal);
    }
}
