using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// The node's loggers (<see cref="NodeLogger"/>) over Serilog's factory: with <paramref name="lines"/>,
/// the per-payment events go straight to that file; without, through the bridge like every other event.
/// </summary>
internal sealed class NodeLoggerFactory(ILoggerFactory inner, BackgroundFileSink? lines) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new NodeLogger(inner.CreateLogger(categoryName), categoryName, lines);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
