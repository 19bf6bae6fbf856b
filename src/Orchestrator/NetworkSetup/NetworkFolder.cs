using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Client;

namespace LnRelay.Orchestrator.NetworkSetup;

/// <summary>
/// A folder 'lnrelay init' wrote: DIR/network.json (or DIR/network.json.gz) and DIR/NAME/
/// per node. Gives each node's data folder, log file and a <see cref="NodeClient"/> with its token.
/// </summary>
internal sealed class NetworkFolder
{
    private NetworkFolder(string directory, NetworkDescription network)
    {
        Directory = directory;
        Network = network;
    }

    public string Directory { get; }

    public NetworkDescription Network { get; }

    public static bool IsInitialised(string directory) => NetworkFile.Locate(directory) is not null;

    /// <summary>The folder's network file, network.json or network.json.gz (read once per process).</summary>
    public string NetworkPath => NetworkFile.Locate(Directory) ?? Path.Combine(Directory, NetworkFile.FileName);

    /// <summary>Loads DIR/network.json (or .gz); problems come back as messages with the fix.</summary>
    public static NetworkFolder? Load(string directory, out IReadOnlyList<string> errors)
    {
        if (!IsInitialised(directory))
        {
            errors = [$"{directory} is not a network folder (no {NetworkFile.FileName}); create one with 'lnrelay init --out {directory}'."];
            return null;
        }

        var loaded = SharedNetworkFile.Load(NetworkFile.Locate(directory)!);
        errors = loaded.Errors;
        return loaded.Succeeded ? new NetworkFolder(directory, loaded.Network!) : null;
    }

    public string NodeDirectory(string name) => Path.Combine(Directory, name);

    public string LogFile(string name) => DataFolder.LogFile(NodeDirectory(name), name);

    /// <summary>Whether every node's address is this machine (a folder initialised with --hosts container is not).</summary>
    public bool IsLocal => Network.Nodes.All(n => n.Host is "127.0.0.1" or "localhost" or "::1");

    public NetworkNode? Node(string name) => Network.FindNode(name);

    /// <summary>A client for one node, reading its token from DIR/NAME/api.token.</summary>
    public NodeClient Client(string name, TimeSpan? unreachableFor = null)
    {
        var node = Network.FindNode(name) ?? throw new ArgumentException($"'{name}' is not a node of {Directory}.", nameof(name));
        var token = File.ReadAllText(Path.Combine(NodeDirectory(name), DataFolder.TokenFileName)).Trim();
        return new NodeClient(name, node.ControlUrl, token, unreachableFor);
    }
}
