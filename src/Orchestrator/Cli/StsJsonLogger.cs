using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Rendering;
using Microsoft.Extensions.Logging;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// Turns the transport's warning-level log events (handshake refusals with their
/// reason code, dropped connections) into JSON lines, so <c>sts listen</c> can report
/// refusals that happen inside <see cref="Transport.Net.StsListener"/>. Each event's
/// structured properties become string fields with snake_case names
/// (<c>Reason</c> becomes <c>reason</c>, <c>RemoteEndPoint</c> <c>remote_end_point</c>).
/// </summary>
internal sealed class StsJsonLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = new JsonObject { ["event"] = EventName(eventId) };
        if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            foreach (var (name, value) in properties)
            {
                if (name != "{OriginalFormat}")
                {
                    line[SnakeCase(name)] = value?.ToString();
                }
            }
        }

        if (exception is not null)
        {
            line["exception"] = exception.Message;
        }

        JsonOutput.WriteLine(line);
    }

    private static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string EventName(EventId id) => id.Name switch
    {
        "TransportHandshakeRefused" => "handshake_refused",
        "TransportConnectionDropped" => "connection_dropped",
        { } name => name,
        null => $"log_{id.Id}",
    };
}
