using LnRelay.Node.Hosting;
using LnRelay.Node.Logging;
using LnRelay.Sphinx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Api;

/// <summary>
/// The payee's multi-part sets (docs/control-api.md, "GET /v1/mpp"; docs/mpp.md): GET lists the
/// sets held now (total, sum, deadline, parts) and the timeout; PUT changes the timeout for sets
/// opened from then on (the demo shortens it so that its timeout step takes seconds).
/// </summary>
internal static class MultiPartApi
{
    /// <summary>The longest hold a payee may be told to use: an hour (HTLC expiries are blocks of minutes).</summary>
    private const int MaxTimeoutSeconds = 3600;

    public static void Map(RouteGroupBuilder v1, NodeRuntime node)
    {
        v1.MapGet("/mpp", () => Results.Ok(View(node)));
        v1.MapPut("/mpp", (MppRequest? body, ILogger<NodeRuntime> log) =>
        {
            if (body?.TimeoutSeconds is not { } seconds || seconds is < 1 or > MaxTimeoutSeconds)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"timeout_seconds: required, from 1 to {MaxTimeoutSeconds} (BOLT 4 suggests at least 60, the default).");
            }

            node.Switch.PartSetTimeout = TimeSpan.FromSeconds(seconds);
            log.LogWarning(NodeLogEvents.FaultsChanged, "Multi-part sets opened from now on are held for {TimeoutSeconds} s", seconds);
            return Results.Ok(View(node));
        });
    }

    private static MppView View(NodeRuntime node) => node.Switch.ReadPartSets(sets => new MppView(
        (int)node.Switch.PartSets.Timeout.TotalSeconds,
        [.. sets.OrderBy(s => s.Deadline).Select(s => new PartSetView(
            s.PaymentHashHex,
            s.TotalMsat,
            s.SumMsat,
            s.Deadline,
            [.. s.Parts.Select(p => new HeldPartView(ShortChannelId.FromUInt64(p.Scid).ToString(), p.HtlcId, p.AmountMsat, p.ArrivedAt))]))]));
}

/// <summary>PUT /v1/mpp: the hold timeout for sets opened from now on.</summary>
public sealed record MppRequest(int? TimeoutSeconds);

/// <summary>GET /v1/mpp: the timeout and every set held.</summary>
internal sealed record MppView(int TimeoutSeconds, IReadOnlyList<PartSetView> Sets);

internal sealed record PartSetView(string PaymentHash, ulong TotalMsat, ulong SumMsat, DateTimeOffset Deadline, IReadOnlyList<HeldPartView> Parts);

internal sealed record HeldPartView(string ShortChannelId, ulong HtlcId, ulong AmountMsat, DateTimeOffset ArrivedAt);
