using System.Net;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// <c>lnrelay k8s host</c>: a shard pod's process. Hosts, in this one process, every node
/// whose data folder (a folder holding node.key) is in DIR, each listening on the ports its
/// network.json gives, until stopped (SIGTERM when the pod stops). A node that cannot start
/// stops the others and the exit is 1, so the kubelet restarts the pod.
/// </summary>
internal static class ShardHost
{
    public static IReadOnlyList<string> NodeFolders(string directory) =>
        [.. Directory.EnumerateDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, DataFolder.KeyFileName)))
            .Order(StringComparer.Ordinal)];

    public static async Task<int> RunAsync(string directory, IPAddress bind, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var folders = Directory.Exists(directory) ? NodeFolders(directory) : [];
        if (folders.Count == 0)
        {
            await error.WriteLineAsync($"lnrelay k8s host: {directory} holds no node folder (a folder with {DataFolder.KeyFileName}); the pod's prepare step writes them (docs/kubernetes.md).");
            return 1;
        }

        var nodes = new List<InProcessNode>();
        try
        {
            nodes = await StartAsync(folders, bind, inMemory: false, controlApi: true, ct);
            await output.WriteLineAsync($"Hosting {nodes.Count} nodes ({string.Join(", ", nodes.Select(n => n.Name))}) on {bind} until stopped.");
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return 0;
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"lnrelay k8s host: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Starts the node of each data folder (named by the folder), one after the other; if one
    /// cannot start, the ones started are stopped and the <see cref="InvalidOperationException"/>
    /// names it. <paramref name="started"/> hears each node started (for progress); <paramref name="configure"/>
    /// changes each node's settings (by name). Also the
    /// child processes of <c>bench network --processes</c> (docs/performance.md).
    /// </summary>
    public static async Task<List<InProcessNode>> StartAsync(IReadOnlyList<string> folders, IPAddress bind, bool inMemory, bool controlApi, CancellationToken ct, Action<InProcessNode>? started = null, Func<string, NodeSettings, NodeSettings>? configure = null)
    {
        var nodes = new List<InProcessNode>(folders.Count);
        try
        {
            foreach (var folder in folders)
            {
                var node = await InProcessNode.StartAsync(Path.GetFileName(folder), folder, ct, inMemory, bind, configure, controlApi);
                nodes.Add(node);
                started?.Invoke(node);
            }

            return nodes;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }
}
