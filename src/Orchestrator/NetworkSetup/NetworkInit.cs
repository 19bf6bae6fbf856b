using LnRelay.Chain.Keys;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.NetworkSetup;

/// <summary>
/// What 'init', 'up', 'demo', 'k8s' and 'compose' share before a network runs: the topology
/// file (or the built-in one), a network folder initialised from it, and a local folder opened
/// (initialised first when it is empty). A refusal is written to the error writer and gives
/// null; a topology with problems is a <see cref="UsageException"/>.
/// </summary>
internal static class NetworkInit
{
    /// <summary>The topology file, or the built-in one; one that does not validate is a <see cref="UsageException"/> with every problem and its line.</summary>
    public static NetworkTopology LoadTopology(string? topologyPath)
    {
        if (topologyPath is not null && !File.Exists(topologyPath))
        {
            throw new UsageException($"--topology: file '{topologyPath}' does not exist.");
        }

        var loaded = DefaultTopology.Load(topologyPath);
        return loaded.Succeeded
            ? loaded.Topology!
            : throw new UsageException(string.Join(Environment.NewLine + "lnrelay: ", loaded.Errors));
    }

    /// <summary>
    /// Loads the topology and initialises. A topology with problems is a <see cref="UsageException"/>
    /// (every problem with its line); a refusal (keys already there) is written to <paramref name="error"/> and gives null.
    /// </summary>
    public static InitResult? Initialize(string? topologyPath, string output, bool force, HostStyle hosts, int? basePort, TextWriter error, NetworkSeed? seed = null, bool gzip = false, StepTimer? steps = null)
    {
        var result = NetworkInitializer.Initialize(LoadTopology(topologyPath), output, force, hosts, basePort, seed, gzip, steps);
        if (!result.Succeeded)
        {
            error.WriteLine($"lnrelay: {result.Error}");
            return null;
        }

        return result;
    }

    /// <summary>Loads DIR, initialising it first when it has no network.json; null (with the reason written) when it cannot be used here.</summary>
    public static NetworkFolder? OpenLocal(string dir, string? topology, int? basePort, TextWriter error)
    {
        if (!NetworkFolder.IsInitialised(dir))
        {
            error.WriteLine($"{dir} has no network.json: initialising it from {topology ?? "the built-in five-node topology"}.");
            if (Initialize(topology, dir, force: false, HostStyle.Local, basePort, error) is null)
            {
                return null;
            }
        }

        var folder = NetworkFolder.Load(dir, out var errors);
        foreach (var e in errors)
        {
            error.WriteLine($"lnrelay: {e}");
        }

        if (folder is { IsLocal: false })
        {
            error.WriteLine($"lnrelay: {dir} was initialised for containers (hosts are node names); start it with 'docker compose up', or initialise a local folder with 'lnrelay init --out DIR'.");
            return null;
        }

        return folder;
    }
}
