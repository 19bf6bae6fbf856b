using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace LnRelay.Node.Hosting;

/// <summary>
/// The server of a node hosted without a control API (<see cref="NodeSettings.ControlApi"/>
/// false): it listens nowhere. For a process that hosts thousands of nodes and drives them
/// directly (<c>lnrelay bench network</c>), where a listener per node costs a port, a file
/// descriptor and Kestrel's memory for an API nobody calls (docs/performance.md "Many nodes").
/// </summary>
internal sealed class NoServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
