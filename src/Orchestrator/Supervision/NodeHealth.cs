using System.Text.Json;
using LnRelay.Orchestrator.Client;

namespace LnRelay.Orchestrator.Supervision;

/// <summary>Whether a node answers GET /v1/health now: one try, bounded, no retry (callers poll).</summary>
internal static class NodeHealth
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    public static async Task<bool> AnswersAsync(NodeClient client, CancellationToken ct)
    {
        using var once = CancellationTokenSource.CreateLinkedTokenSource(ct);
        once.CancelAfter(AnswerWithin);
        try
        {
            await client.GetOnceAsync<JsonElement>("/v1/health", once.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or NodeApiException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }
}
