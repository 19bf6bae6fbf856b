using System.Text;
using k8s;
using LnRelay.Crypto;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// Writes a <see cref="K8sManifest"/> into a folder: one YAML file of documents per part
/// (KubernetesClient's serializer), the Secrets in secrets/ readable by their owner only, a
/// .gitignore that keeps secrets/ out of git, network.json, and kustomization.yaml listing
/// the files (only fields kustomize v2.0.3 knows, so Debian's kubectl 1.20 renders it too).
/// </summary>
internal static class K8sWriter
{
    public const string KustomizationFile = "kustomization.yaml";
    public const string GitIgnoreFile = ".gitignore";

    public static void Write(K8sManifest manifest, K8sOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        var secrets = Path.Combine(directory, K8sManifest.SecretsFolder);
        Directory.CreateDirectory(secrets);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var (path, objects) in manifest.Files)
        {
            var file = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var text = Encoding.UTF8.GetBytes(Serialize(objects));
            if (path.StartsWith(K8sManifest.SecretsFolder + "/", StringComparison.Ordinal))
            {
                // Owner-only, as init's key files (SecretFile).
                SecretFile.Write(file, text, overwrite: true);
            }
            else
            {
                File.WriteAllBytes(file, text);
            }
        }

        File.WriteAllText(Path.Combine(directory, GitIgnoreFile), "# Node keys, API tokens, the chain's seed: never commit them.\n" + K8sManifest.SecretsFolder + "/\n");
        File.WriteAllBytes(Path.Combine(directory, Node.Network.NetworkFile.FileName), manifest.NetworkJson);
        File.WriteAllText(Path.Combine(directory, KustomizationFile), Kustomization(manifest, options));
    }

    /// <summary>The files kustomization.yaml lists, in its order (for <see cref="K8sCheck"/>).</summary>
    public static IReadOnlyList<string> Resources(string directory) =>
        [.. File.ReadAllLines(Path.Combine(directory, KustomizationFile))
            .SkipWhile(l => l != "resources:").Skip(1)
            .TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l[2..])];

    public static string Serialize(IEnumerable<object> objects) => KubernetesYaml.SerializeAll(objects);

    /// <summary>The image given as NAME[:TAG] (a registry host may carry a port: only a ':' after the last '/' starts the tag).</summary>
    public static (string Name, string Tag) SplitImage(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static string Kustomization(K8sManifest manifest, K8sOptions options)
    {
        var (name, tag) = SplitImage(options.Image);
        var text = new StringBuilder()
            .Append("# Written by 'lnrelay k8s' (docs/kubernetes.md). Apply with: kubectl apply -k .\n")
            .Append("# secrets/ holds every node's key and token: it is git-ignored; keep it so.\n")
            .Append("apiVersion: kustomize.config.k8s.io/v1beta1\n")
            .Append("kind: Kustomization\n")
            .Append("namespace: ").Append(options.Namespace).Append('\n')
            .Append("resources:\n");
        foreach (var (path, _) in manifest.Files)
        {
            text.Append("- ").Append(path).Append('\n');
        }

        return text
            .Append("images:\n")
            .Append("- name: ").Append(PodParts.ImageName).Append('\n')
            .Append("  newName: ").Append(name).Append('\n')
            .Append("  newTag: \"").Append(tag).Append("\"\n")
            .ToString();
    }
}
