using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using LnRelay.Node.Api;
using Polly;
using Polly.Retry;

namespace LnRelay.Orchestrator.Client;

/// <summary>
/// The orchestrator's client for one node's control API (docs/control-api.md): bearer
/// token, snake_case JSON, and a Polly pipeline that retries with exponential back-off
/// and jitter while the node cannot be reached (connection refused or reset before a
/// request was read: a node still starting). An HTTP error status is not retried: it is
/// the node's answer and is returned as a <see cref="NodeApiException"/> with its detail.
/// </summary>
internal sealed class NodeClient : IDisposable
{
    public static JsonSerializerOptions Json => ApiJson.Options;

    private static readonly TimeSpan DefaultUnreachableFor = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;

    public NodeClient(string name, Uri baseUrl, string token, TimeSpan? unreachableFor = null)
    {
        Name = name;
        // Payments may take a while (the node's own timeout is 60 s); the pipeline bounds connecting.
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(IsUnreachable),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(1),

                // A refused connection fails at once, so after the first few short delays each
                // retry costs about MaxDelay: this many give up after about 'unreachableFor'.
                MaxRetryAttempts = (int)(unreachableFor ?? DefaultUnreachableFor).TotalSeconds + 5,
            })
            .Build();
    }

    public string Name { get; }

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    /// <summary>
    /// GET without retrying a node that cannot be reached (an <see cref="HttpRequestException"/>
    /// at once): for a caller that polls, and checks other things between its tries.
    /// </summary>
    public Task<T> GetOnceAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct, retry: false);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    public Task<T> PutAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Put, path, body, ct);

    public Task<T> PatchAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Patch, path, body, ct);

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, bool retry = true)
    {
        using var response = await (retry ? _retry : ResiliencePipeline.Empty).ExecuteAsync(
            async token =>
            {
                using var request = new HttpRequestMessage(method, path);
                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, options: Json);
                }

                return await _http.SendAsync(request, token);
            },
            ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new NodeApiException(Name, method, path, response.StatusCode, response.StatusCode == HttpStatusCode.Unauthorized ? NotThisNode(Detail(text)) : Detail(text));
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new NodeApiException(Name, method, path, response.StatusCode, "an empty answer");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// A 401: this client always sends the network's own token (the node's api.token, written by
    /// init), so whatever refused it is not the node the network file names: most often another
    /// network given the same port (docs/topology.md, "Ports").
    /// </summary>
    private string NotThisNode(string detail) =>
        $"{_http.BaseAddress} refused this network's token, so the process listening there is not this network's {Name}: most likely another network was given the same port " +
        $"(see what holds it with 'ss -ltnp sport = :{_http.BaseAddress!.Port}'; stop it, or give this network new ports with 'lnrelay init --force'). It answered: {detail}";

    /// <summary>Nothing reached the node: it is not listening yet (or any more).</summary>
    private static bool IsUnreachable(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError || e.InnerException is SocketException;

    private static string Detail(string problemJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(problemJson);
            return doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? problemJson : problemJson;
        }
        catch (JsonException)
        {
            return problemJson;
        }
    }
}

/// <summary>A node answered with an error status; the message names the node, the call and the node's reason.</summary>
internal sealed class NodeApiException(string node, HttpMethod method, string path, HttpStatusCode status, string detail)
    : Exception($"{node}: {method} {path} answered {(int)status} {status}: {detail}");
