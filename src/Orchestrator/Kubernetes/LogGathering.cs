using System.Diagnostics;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// <c>lnrelay k8s logs</c>: copies every node's JSON-lines log out of the cluster with
/// <c>kubectl cp</c> into DIR/NAME/logs/NAME.jsonl, the layout <c>lnrelay knowledge --dir DIR</c>
/// and the audits read, beside the network.json <c>lnrelay k8s</c> wrote. A node's pod is its
/// host in network.json with "-0" (its StatefulSet's one pod); its log is on the pod's volume
/// at /data/NAME/logs/NAME.jsonl.
/// </summary>
internal static class LogGathering
{
    /// <summary>One <c>kubectl cp</c> per node: its arguments and where the file lands.</summary>
    public sealed record Copy(string Node, IReadOnlyList<string> Arguments, string LocalFile);

    public static IReadOnlyList<Copy> Plan(NetworkDescription network, string directory, string ns) =>
        [.. network.Nodes.Select(n =>
        {
            var log = DataFolder.LogFileName(n.Name);
            var local = Path.Combine(directory, n.Name, DataFolder.LogsFolderName, log);
            var remote = $"{ns}/{K8sNames.PodName(n.Host)}:{UnitObjects.DataDir(n.Name)}/{DataFolder.LogsFolderName}/{log}";
            return new Copy(n.Name, ["cp", "-c", UnitObjects.ContainerName, remote, local], local);
        })];

    /// <summary>Runs the copies, at most <paramref name="parallel"/> at once; the nodes whose copy failed, each with kubectl's last error line.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<Copy> copies, string kubectl, int parallel, Action<int> progress, CancellationToken ct)
    {
        var failures = new List<string>();
        var done = 0;
        await Parallel.ForEachAsync(copies, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (copy, token) =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy.LocalFile)!);
            var problem = await RunOneAsync(kubectl, copy.Arguments, token);
            lock (failures)
            {
                if (problem is not null)
                {
                    failures.Add($"{copy.Node}: {problem}");
                }

                progress(++done);
            }
        });
        return [.. failures.Order(StringComparer.Ordinal)];
    }

    private static async Task<string?> RunOneAsync(string kubectl, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(kubectl) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var last = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return process.ExitCode == 0 ? null : $"kubectl exited with {process.ExitCode}: {last ?? "no message"}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run '{kubectl}' ({e.Message}); install kubectl or pass --kubectl PATH.";
        }
    }
}
