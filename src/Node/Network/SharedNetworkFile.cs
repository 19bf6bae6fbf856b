using System.Collections.Concurrent;

namespace LnRelay.Node.Network;

/// <summary>
/// The network files this process has read, each parsed and validated once however many
/// nodes it hosts (docs/network-file.md "One description per network folder"): a thousand
/// in-process nodes share one immutable <see cref="NetworkDescription"/> (and so one routing
/// graph) instead of a thousand copies. A file whose size or modification time changed since
/// is read again; a file that did not load is never kept, so fixing it is enough.
/// </summary>
public static class SharedNetworkFile
{
    private static readonly ConcurrentDictionary<string, Lazy<Entry>> Loaded = new(StringComparer.Ordinal);

    public static NetworkLoadResult Load(string path)
    {
        var full = Path.GetFullPath(path);
        var stamp = Stamp(full);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var lazy = Loaded.GetOrAdd(full, p => new Lazy<Entry>(() => new Entry(Stamp(p), NetworkFile.Load(p))));
            var entry = lazy.Value;
            if (entry.Result.Succeeded && entry.Stamp == stamp)
            {
                return entry.Result;
            }

            // Failed, or changed on disk: drop it (unless another thread already has) and read again once.
            Loaded.TryRemove(new KeyValuePair<string, Lazy<Entry>>(full, lazy));
            if (!entry.Result.Succeeded || stamp is null)
            {
                break;
            }
        }

        return NetworkFile.Load(full);
    }

    private static (long Length, DateTime Written)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
    }

    private sealed record Entry((long Length, DateTime Written)? Stamp, NetworkLoadResult Result);
}
