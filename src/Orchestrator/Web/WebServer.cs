using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// 'lnrelay web': a read-only HTTP server on 127.0.0.1 (by default) for one network folder.
/// GET / is the page; GET /api/snapshot, /api/topology, /api/payments and /api/payments/{hash}
/// are snapshots; GET /api/events is the Server-Sent Events stream (.NET 10
/// TypedResults.ServerSentEvents) from <see cref="LiveFeed"/>. Only GET is mapped; nothing it
/// sends carries a node's API token (docs/web.md).
/// </summary>
internal sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LiveFeed _feed;

    private WebServer(WebApplication app, LiveFeed feed, Uri address)
    {
        _app = app;
        _feed = feed;
        Address = address;
    }

    /// <summary>Where the page is: http://127.0.0.1:PORT/.</summary>
    public Uri Address { get; }

    /// <summary>Starts the server (for 'web', 'up --web' and 'demo --web') and names its address on <paramref name="output"/>.</summary>
    public static async Task<WebServer> StartAndAnnounceAsync(string directory, int port, TextWriter output, IPAddress? address = null, string? logs = null, CancellationToken ct = default)
    {
        if (port is < 0 or > 65535)
        {
            throw new UsageException("--port: from 0 to 65535 (0: any free port).");
        }

        var server = await StartAsync(directory, address ?? IPAddress.Loopback, port, logs, ct);
        await output.WriteLineAsync($"Web view: {server.Address} (live; read-only).");
        return server;
    }

    /// <summary>Binds (a taken port fails here, with the port named) and starts serving.</summary>
    public static async Task<WebServer> StartAsync(string directory, IPAddress bind, int port, string? logs = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(bind, port));
        var app = builder.Build();
        var feed = new LiveFeed(directory, logs);
        Map(app, feed);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await feed.DisposeAsync();
            await app.DisposeAsync();
            throw new UsageException($"--port: cannot listen on {bind}:{port} ({e.Message}); choose another port, or 0 for any free one.");
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebServer(app, feed, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    private static void Map(WebApplication app, LiveFeed feed)
    {
        app.MapGet("/", async (CancellationToken ct) =>
        {
            var s = await feed.SnapshotAsync(ct);
            var html = WebAssets.Page(WebAssets.LiveMode, s?.Network ?? "(waiting for network.json)", "live", s?.MapSvg ?? "", "null");
            return Results.Content(html, "text/html; charset=utf-8");
        });
        app.MapGet("/api/snapshot", async (CancellationToken ct) => Json(await feed.SnapshotAsync(ct)));
        app.MapGet("/api/topology", async (CancellationToken ct) => Json(await feed.SnapshotAsync(ct) is { } s ? WebEventSource.Topology(s) : null));
        app.MapGet("/api/payments", async (CancellationToken ct) => Json((await feed.SnapshotAsync(ct))?.Payments));
        app.MapGet("/api/payments/{hash}", async (string hash, CancellationToken ct) =>
        {
            var p = (await feed.SnapshotAsync(ct))?.Payments.FirstOrDefault(x => x.Hash.Equals(hash, StringComparison.OrdinalIgnoreCase));
            return p is null ? Results.NotFound(new { error = $"no payment {hash} in this network's logs; GET /api/payments lists them." }) : Json(p);
        });
        app.MapGet("/api/events", (HttpRequest request, CancellationToken ct) =>
        {
            long? last = long.TryParse(request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
            return TypedResults.ServerSentEvents(feed.SubscribeAsync(last, ct));
        });
    }

    private static IResult Json<T>(T? value) =>
        value is null
            ? Results.Json(new { error = "no snapshot of the network yet: the folder has no network.json (start the network with 'lnrelay up --dir DIR', or wait for 'lnrelay demo' to initialise it), or its logs are still being read; try again in a moment." }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text(WebJson.Serialize(value), "application/json; charset=utf-8");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _feed.DisposeAsync();
        await _app.DisposeAsync();
    }
}
