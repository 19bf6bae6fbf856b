using System.Globalization;
using System.IO.Compression;
using k8s.Models;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// A public file too large for one object, as ConfigMaps: gzipped, then cut into parts of at
/// most <see cref="PartBytes"/>, one ConfigMap each (PREFIX0, PREFIX1, …) holding binaryData key
/// FILE.gz.000, FILE.gz.001, …, so that the pod joins them with <c>cat DIR/FILE.gz.*</c> (the nodes read network.json.gz as it is; the chain's blocks are gunzipped)
/// from a projected volume of all of them. A ConfigMap holds at most 1 MiB (kubernetes.io,
/// "ConfigMaps"); parts stay far below so that client-side <c>kubectl apply</c> can also keep
/// the whole object (base64, a third larger) in its 256 KiB last-applied annotation.
/// </summary>
internal static class GzipParts
{
    public const int PartBytes = 128 * 1024;

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static List<V1ConfigMap> ConfigMaps(string prefix, string fileName, byte[] content, string component)
    {
        var gz = Gzip(content);
        var maps = new List<V1ConfigMap>();
        for (int offset = 0, i = 0; offset < gz.Length; offset += PartBytes, i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            maps.Add(new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = name, Labels = K8sNames.Labels(component, name) },
                Immutable = true,
                BinaryData = new Dictionary<string, byte[]>(StringComparer.Ordinal)
                {
                    [PartKey(fileName, i)] = gz[offset..Math.Min(gz.Length, offset + PartBytes)],
                },
            });
        }

        return maps;
    }

    public static string PartKey(string fileName, int index) => fileName + ".gz." + index.ToString("000", CultureInfo.InvariantCulture);

    /// <summary>A projected volume of every part: the files appear side by side in one folder.</summary>
    public static V1Volume Volume(string volumeName, IEnumerable<V1ConfigMap> parts) => new()
    {
        Name = volumeName,
        Projected = new V1ProjectedVolumeSource
        {
            Sources = [.. parts.Select(p => new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = p.Metadata.Name } })],
        },
    };
}
