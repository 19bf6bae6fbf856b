using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace LnRelay.Node.Logging;

/// <summary>
/// A node's logging, configured in one place (docs/logging.md): Serilog with the node's minimum
/// levels (Information; Warning for the framework's own categories), every event carrying Node,
/// one JSON-lines file (<see cref="BackgroundFileSink"/>) and, for people, an optional console.
/// The loggers it hands out (<see cref="NodeLoggerFactory"/>) write the per-payment events
/// (<see cref="LogTemplate"/>) straight to the file when the file is the only sink; with a console
/// as well they go through Serilog, so that the console shows them too.
/// </summary>
internal static class NodeLogs
{
    public static NodeLogSet Create(string name, string logDirectory, bool console) =>
        Create(name, Path.Combine(logDirectory, Hosting.DataFolder.LogFileName(name)), console, direct: !console);

    /// <summary>The same configuration writing to <paramref name="path"/>; <paramref name="direct"/> false sends every event through Serilog (the old path, which tests compare with).</summary>
    internal static NodeLogSet Create(string name, string path, bool console, bool direct)
    {
        var file = new BackgroundFileSink(path, name);
        var config = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.WithProperty(LogFields.Node, name)
            .WriteTo.Sink(file);
        if (console)
        {
            config = config.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} [{Node}] {Message:lj}{NewLine}{Exception}");
        }

        var serilog = config.CreateLogger();
        return new NodeLogSet(serilog, new NodeLoggerFactory(new SerilogLoggerFactory(serilog, dispose: false), direct ? file : null));
    }
}

/// <summary>A node's Serilog logger (the host's logging provider; disposing it flushes the file) and the loggers the node's parts use.</summary>
internal sealed record NodeLogSet(Serilog.Core.Logger Serilog, ILoggerFactory Loggers);
