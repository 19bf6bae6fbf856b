using LnRelay.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>A node hosted in this process with <see cref="NodeHost.Build"/>: the same node, without a process per node.</summary>
internal sealed class InProcessNode : IRunningNode
{
    private readonly WebApplication _app;
    private bool _stopped;

    private InProcessNode(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string? Death => null;

    /// <summary>The node's parts (switch, payer, invoices), for callers in this process that drive it directly, as <c>bench network</c> does.</summary>
    public NodeRuntime Runtime => _app.Services.GetRequiredService<NodeRuntime>();

    /// <summary>
    /// Loads the data folder and starts the node; a port clash, a bad folder or an unusable store is an <see cref="InvalidOperationException"/> naming the node.
    /// <paramref name="inMemory"/>: keep no store (docs/store.md). <paramref name="bind"/>: the address both listeners bind (default 127.0.0.1; 0.0.0.0 in a pod).
    /// <paramref name="configure"/> changes the node's settings (by name), e.g. privacy settings for an experiment.
    /// <paramref name="controlApi"/> false: no control API (no listener), for a caller that drives the node through <see cref="Runtime"/>.
    /// </summary>
    public static async Task<InProcessNode> StartAsync(string name, string dataDir, CancellationToken ct, bool inMemory = false, System.Net.IPAddress? bind = null, Func<string, NodeSettings, NodeSettings>? configure = null, bool controlApi = true)
    {
        var folder = DataFolder.Load(dataDir);
        if (!folder.Succeeded)
        {
            throw new InvalidOperationException($"{name}: {string.Join(" ", folder.Errors)}");
        }

        WebApplication app;
        try
        {
            var settings = new NodeSettings { DataDir = dataDir, ConsoleLog = false, InMemory = inMemory, PeerBind = bind ?? System.Net.IPAddress.Loopback, ApiBind = bind ?? System.Net.IPAddress.Loopback, ControlApi = controlApi };
            app = NodeHost.Build(configure is null ? settings : configure(name, settings), folder);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{name} cannot start: {e.Message}", e);
        }

        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // As lnrelay-node (NodeProgram): a taken API port is an IOException, a taken peer
            // port an InvalidOperationException from the peer listener. Disposing closes the log.
            await app.DisposeAsync();
            throw new InvalidOperationException($"{name} cannot start: {e.Message}", e);
        }

        return new InProcessNode(name, app);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(grace.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
