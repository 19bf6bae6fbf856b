using System.Text.Json;
using LnRelay.Node.Api;
using LnRelay.Node.Chain;
using LnRelay.Node.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace LnRelay.Node.Hosting;

/// <summary>
/// Builds one node's Generic Host (an ASP.NET Core <see cref="WebApplication"/>, whose
/// Kestrel server is the control API): the peer manager (listener and dialer) is a
/// hosted service, the switch and payer are singletons, Serilog writes a console log
/// for people and one JSON-lines file per node for tools, every event carrying Node (Logging/NodeLogs).
/// Used by lnrelay-node and, in process, by the orchestrator and the tests.
/// </summary>
public static class NodeHost
{
    private const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplication Build(NodeSettings settings, DataFolderLoadResult folder, TimeProvider? time = null)
    {
        if (!folder.Succeeded)
        {
            throw new ArgumentException("The data folder did not load.", nameof(folder));
        }

        var identity = folder.Identity!;
        var name = identity.Entry.Name;
        var logDirectory = settings.LogDirectory ?? Path.Combine(settings.DataDir, DataFolder.LogsFolderName);
        Directory.CreateDirectory(logDirectory);
        var (serilog, logs) = NodeLogs.Create(name, logDirectory, settings.ConsoleLog);
        NodeRuntime runtime;
        try
        {
            runtime = new NodeRuntime(identity, folder.Network!, folder.ApiToken!, settings, time ?? TimeProvider.System, logs);
        }
        catch
        {
            serilog.Dispose();
            throw;
        }

        // No watcher on appsettings.json: the node reads its settings once (NodeProgram), and a
        // recursive watcher on the working folder wakes every node for every log line written below it.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "lnrelay-node", Args = [NoConfigReload] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(serilog, dispose: true);
        if (settings.ControlApi)
        {
            builder.WebHost.UseKestrel(o => o.Listen(settings.ApiBind, identity.Entry.ControlUrl.Port));
        }
        else
        {
            builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoServer>();
        }

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
            o.SerializerOptions.DictionaryKeyPolicy = ApiJson.Options.DictionaryKeyPolicy;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(runtime);

        // Created by a factory, so the container disposes it with the app: the store's writer
        // flushes and closes after the hosted services (the peers) have stopped.
        builder.Services.AddSingleton(_ => new RuntimeOwner(runtime));
        builder.Services.AddHostedService(_ => runtime.Peers);
        builder.Services.AddHostedService(_ => new MultiPart.PartSetTimer(runtime.Switch, runtime.Time));
        if (runtime.Network.Chain is { } chain)
        {
            builder.Services.AddHostedService(_ => new ChainFollower(chain, runtime.Switch, runtime.Time));
        }

        var follower = folder.ChainCredentials is { } credentials
            ? new RpcChainFollower(runtime.Network, name, credentials, runtime.Switch, runtime.Graph, runtime.Time, logs.CreateLogger("LnRelay.Node.Chain"))
            : null;
        if (follower is not null)
        {
            builder.Services.AddHostedService(_ => follower);
        }

        var app = builder.Build();
        app.Services.GetRequiredService<RuntimeOwner>();
        runtime.Writer?.Completion.ContinueWith(
            failed =>
            {
                logs.CreateLogger("LnRelay.Node.Store").LogCritical(Logging.NodeLogEvents.StoreFailed, failed.Exception!.InnerException, "The store stopped writing; stopping the node");
                app.Lifetime.StopApplication();
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleException });
        ControlApi.Map(app, runtime);
        if (follower is not null)
        {
            ChannelCloseApi.Map(app, runtime, follower);
        }
        app.Lifetime.ApplicationStarted.Register(() => logs.CreateLogger("LnRelay.Node").LogInformation(
            Logging.NodeLogEvents.NodeStarted,
            $"Node {{{LogFields.NodeName}}} ({{{LogFields.NodeId}}}) started: peers on {{PeerAddress}}, control API on {{ApiAddress}}, {{Channels}} channels, block height {{Height}}",
            name, identity.Key.PublicKey.ToHex(), runtime.Peers.BoundEndPoint?.ToString(), settings.ControlApi ? $"{settings.ApiBind}:{identity.Entry.ControlUrl.Port}" : "(none: driven in process)", runtime.Network.ChannelsOf(name).Count(), runtime.Switch.BlockHeight));
        return app;
    }

    /// <summary>Disposes the runtime (its store) when the app's container is disposed.</summary>
    private sealed class RuntimeOwner(NodeRuntime runtime) : IDisposable
    {
        public void Dispose() => runtime.Dispose();
    }

    /// <summary>Bad requests (malformed JSON, wrong types) are the client's: 400 with what the binder said. Anything else is our bug: 500, logged.</summary>
    private static async Task HandleException(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, detail) = error is BadHttpRequestException bad
            ? (StatusCodes.Status400BadRequest, bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message)
            : (StatusCodes.Status500InternalServerError, "An internal error; it is logged.");
        await Results.Problem(statusCode: status, detail: detail).ExecuteAsync(context);
    }
}
