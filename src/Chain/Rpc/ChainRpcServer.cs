using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Chain.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LnRelay.Chain.Rpc;

/// <summary>
/// The chain service's HTTP front (docs/chain.md "The RPC subset"): JSON-RPC 1.0 over HTTP
/// POST to <c>/</c> with basic auth, as bitcoind serves it. Wrong credentials get 401; an
/// error is HTTP 500 (404 for an unknown method) with bitcoind's body
/// <c>{"result":null,"error":{"code","message"},"id"}</c>. Also mines a block every
/// <c>blockInterval</c> (none when zero) with the injected time.
/// </summary>
public sealed class ChainRpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ChainService _service;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _miner;

    private ChainRpcServer(WebApplication app, ChainService service, ILogger log)
    {
        _app = app;
        _service = service;
        _log = log;
    }

    public ChainService Service => _service;

    /// <summary>Where it listens once started (the port bound, when 0 was asked for).</summary>
    public Uri? Url { get; private set; }

    public static ChainRpcServer Create(ChainService service, RpcCredentials credentials, IPAddress bind, int port, ILoggerFactory logs)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "lnrelay-chain", Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(bind, port));
        var app = builder.Build();
        var methods = new ChainRpcMethods(service);
        app.MapPost("/", context => HandleAsync(context, methods, credentials));
        app.MapPost("/wallet/{name}", context => HandleAsync(context, methods, credentials));
        return new ChainRpcServer(app, service, logs.CreateLogger("LnRelay.Chain"));
    }

    public async Task StartAsync(TimeSpan blockInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        var address = _app.Urls.First();
        Url = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        _log.LogInformation("Chain RPC on {Url}: regtest height {Height}, tip {Tip}, a block every {Interval}", Url, _service.Chain.Height, _service.Chain.Tip.GetHash(), blockInterval > TimeSpan.Zero ? blockInterval : "only on demand");
        if (blockInterval > TimeSpan.Zero)
        {
            _miner = MineAsync(blockInterval, time, _stop.Token);
        }
    }

    private async Task MineAsync(TimeSpan interval, TimeProvider time, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var block = _service.Mine(1)[0];
            _log.LogInformation("Mined block {Height} ({Hash}) with {Transactions} transactions", _service.Chain.Height, block.GetHash(), block.Transactions.Count);
        }
    }

    private static async Task HandleAsync(HttpContext context, ChainRpcMethods methods, RpcCredentials credentials)
    {
        if (!credentials.Accepts(context.Request.Headers.Authorization))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"jsonrpc\"";
            return;
        }

        JsonDocument request;
        try
        {
            request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteAsync(context, null, null, new RpcError(RpcError.ParseError, "Parse error"));
            return;
        }

        using (request)
        {
            var root = request.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var replies = new JsonArray();
                foreach (var call in root.EnumerateArray())
                {
                    replies.Add(Reply(call, methods));
                }

                await WriteJsonAsync(context, StatusCodes.Status200OK, replies);
                return;
            }

            var reply = Reply(root, methods);
            var code = reply["error"] is JsonObject error
                ? (int?)error["code"] == RpcError.MethodNotFound ? StatusCodes.Status404NotFound : StatusCodes.Status500InternalServerError
                : StatusCodes.Status200OK;
            await WriteJsonAsync(context, code, reply);
        }
    }

    private static JsonObject Reply(JsonElement call, ChainRpcMethods methods)
    {
        var id = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("id", out var i) ? JsonNode.Parse(i.GetRawText()) : null;
        if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("method", out var m) || m.ValueKind != JsonValueKind.String)
        {
            return Envelope(null, new RpcError(-32600, "Invalid Request object"), id);
        }

        var parameters = call.TryGetProperty("params", out var p) ? p : default;
        var (result, error) = methods.Call(m.GetString()!, parameters);
        return Envelope(result, error, id);
    }

    private static JsonObject Envelope(JsonNode? result, RpcError? error, JsonNode? id) => new()
    {
        ["result"] = result,
        ["error"] = error is null ? null : new JsonObject { ["code"] = error.Code, ["message"] = error.Message },
        ["id"] = id,
    };

    private static Task WriteAsync(HttpContext context, JsonNode? result, JsonNode? id, RpcError error) =>
        WriteJsonAsync(context, StatusCodes.Status500InternalServerError, Envelope(result, error, id));

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_miner is not null)
        {
            await _miner;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }
}
