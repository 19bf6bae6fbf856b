using System.CommandLine;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// The options several verbs take, defined once so that each verb spells and explains them
/// the same way (verbs share these, never each other's code).
/// </summary>
internal static class SharedOptions
{
    /// <summary>The default web page port of 'web', 'up --web' and 'demo --web'.</summary>
    public const int DefaultWebPort = 8420;

    /// <summary>--dir, the network folder; <paramref name="description"/> says what this verb reads or writes there.</summary>
    public static Option<string> Dir(string description) => new("--dir")
    {
        Description = description + " Default: ./lnrelay-net.",
        DefaultValueFactory = _ => "lnrelay-net",
    };

    /// <summary>--topology for 'init', 'up' and 'k8s'.</summary>
    public static Option<string?> Topology() => new("--topology")
    {
        Description = "The topology file (YAML, docs/topology.md). Default: the built-in topologies/five-node.yaml.",
    };

    /// <summary>--base-port for 'init' and 'up'.</summary>
    public static Option<int?> BasePort() => new("--base-port")
    {
        Description = "Use consecutive ports from N (node i: N+2i for peers, N+2i+1 for its API) instead of free ones chosen at init.",
    };

    /// <summary>--web for 'up' and 'demo'.</summary>
    public static Option<bool> Web() => new("--web")
    {
        Description = "Also serve the live web page (as 'lnrelay web') on 127.0.0.1; see --web-port.",
    };

    /// <summary>The web page's port: --port for 'web', --web-port for 'up' and 'demo'.</summary>
    public static Option<int> WebPort(string name) => new(name)
    {
        Description = $"The web page's TCP port on 127.0.0.1 (0: any free port). Default: {DefaultWebPort}.",
        DefaultValueFactory = _ => DefaultWebPort,
    };

    /// <summary>--collude for 'audit linkability' (required) and 'knowledge' (optional); parse it with <see cref="CliArgs.Colluders"/>.</summary>
    public static Option<string?> Collude(bool required) => new("--collude")
    {
        Description = "The colluding nodes, comma-separated (at least two), e.g. bob,dave.",
        Required = required,
    };

    /// <summary>A required hex option of the 'onion' verbs.</summary>
    public static Option<string> Hex(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
    };
}
