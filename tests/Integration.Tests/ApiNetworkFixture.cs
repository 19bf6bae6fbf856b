using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// Two real nodes (alice - bob, one channel 800000x1x0) shared by the API tests of one
/// class, and helpers that send raw bodies so that tests can send what no serializer would.
/// </summary>
public sealed class ApiNetworkFixture : IAsyncLifetime
{
    public const string Channel = "800000x1x0";
    public const ulong Capacity = 10_000_000_000;

    private TestNetwork? _net;

    internal TestNetwork Net => _net!;

    public async Task InitializeAsync()
    {
        _net = await TestNetwork.StartAsync(["alice", "bob"], [new TestChannel("alice", "bob", Capacity, Capacity / 2)]);
        await _net.WaitConnectedAsync(TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync()
    {
        if (_net is not null)
        {
            await _net.DisposeAsync();
        }
    }

    /// <summary>Sends a request with a raw body (null: none) and returns the status and the parsed JSON body (Undefined when empty or not JSON).</summary>
    public async Task<(int Status, JsonElement Body, string Text)> SendAsync(string node, HttpMethod method, string path, string? body, string? token = "default", string contentType = "application/json")
    {
        var http = Net.Api(node);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (token != "default")
        {
            // Replace the client's default header for this request: null sends none.
            request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = token == "default" ? await http.SendAsync(request) : await SendWithoutDefaultAuthAsync(http, request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement json = default;
        try
        {
            json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        }
        catch (JsonException)
        {
        }

        return ((int)response.StatusCode, json, text);
    }

    public static string Detail(JsonElement problem) =>
        problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";

    private static async Task<HttpResponseMessage> SendWithoutDefaultAuthAsync(HttpClient http, HttpRequestMessage request)
    {
        using var bare = new HttpClient { BaseAddress = http.BaseAddress, Timeout = http.Timeout };
        return await bare.SendAsync(request);
    }
}
