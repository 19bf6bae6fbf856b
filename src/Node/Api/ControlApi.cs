using System.Security.Cryptography;
using System.Text;
using LnRelay.Node.Channels;
using LnRelay.Node.Hosting;
using LnRelay.Node.Invoices;
using LnRelay.Node.Logging;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Payments;
using LnRelay.Node.Switch;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Payloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Api;

/// <summary>
/// The control API (docs/control-api.md): JSON over HTTP, every route but
/// <c>/v1/health</c> behind the bearer token from the data folder. Bad input gets 400
/// with problem details that say what is wrong; a missing or wrong token gets 401.
/// </summary>
internal static class ControlApi
{
    private const int MaxPaymentTimeoutSeconds = 600;

    /// <summary>The most parts a payment may be split into at once (BOLT 2's 483 HTLC slots are far above what a split needs).</summary>
    private const int MaxPartsLimit = 64;

    public static void Map(WebApplication app, NodeRuntime node)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v1/health") || Authorized(context, node.ApiToken))
            {
                await next(context);
                return;
            }

            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"Send 'Authorization: Bearer TOKEN' with the token in {DataFolder.TokenFileName} of this node's data folder.").ExecuteAsync(context);
        });

        var v1 = app.MapGroup("/v1");
        v1.MapGet("/health", () => Results.Ok(new { status = "ok", node = node.Name }));
        v1.MapGet("/info", () => Results.Ok(Info(node)));
        v1.MapGet("/peers", () => Results.Ok(node.Peers.Peers));
        v1.MapGet("/channels", () => Results.Ok(node.Switch.Read(cs => cs.Select(ChannelView.Of).OrderBy(c => c.ShortChannelId, StringComparer.Ordinal).ToList())));
        v1.MapPost("/invoices", (CreateInvoiceRequest? body) => CreateInvoice(node, body));
        v1.MapPost("/payments", (PayRequest? body, CancellationToken ct) => PayAsync(node, body, ct));
        v1.MapGet("/payments", () => Results.Ok(node.Payments.All));
        v1.MapGet("/payments/{hash}", (string hash) =>
            node.Payments.TryGet(hash, out var result) ? Results.Ok(result) : Problem(StatusCodes.Status404NotFound, $"No payment with hash '{hash}' was sent from {node.Name}."));
        v1.MapMethods("/channels/{scid}/policy", ["PATCH"], (string scid, PolicyPatch? body) => PatchPolicy(node, scid, body));
        v1.MapPost("/chain/height", (HeightRequest? body) => SetHeight(node, body));
        v1.MapGet("/faults", () => Results.Ok(node.Faults.Current));
        v1.MapPut("/faults", (FaultsRequest? body, ILogger<NodeRuntime> log) => SetFaults(node, body, log));
        LedgerApi.Map(v1, node);
        MultiPartApi.Map(v1, node);
    }

    private static bool Authorized(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static NodeInfoView Info(NodeRuntime node) => new(
        node.Name,
        node.Identity.Key.PublicKey.ToHex(),
        node.Network.Network,
        node.Switch.BlockHeight,
        node.Peers.BoundEndPoint?.ToString() ?? $"{node.Identity.Entry.Host}:{node.Identity.Entry.Port}",
        node.Switch.Read(cs => cs.Count),
        node.Peers.Peers.Count(p => p.State == Peers.PeerState.Connected),
        node.Faults.Current,
        node.Network.Chain is { } chain ? (uint)chain.BlockInterval.TotalSeconds : null,
        node.Network.Chain?.NextBlockAfter(node.Time.GetUtcNow()));

    private static async Task<IResult> CreateInvoice(NodeRuntime node, CreateInvoiceRequest? body)
    {
        if (body?.AmountMsat is not { } amount || amount == 0 || amount > HopPayloadTypes.MaxMsat)
        {
            return Problem(StatusCodes.Status400BadRequest, $"amount_msat: required, a whole number of millisatoshis from 1 to {HopPayloadTypes.MaxMsat} (21 million BTC).");
        }

        var expiry = body.ExpirySeconds ?? 3600;
        if (expiry is < 1 or > 31_536_000)
        {
            return Problem(StatusCodes.Status400BadRequest, "expiry_seconds: from 1 to 31536000 (a year).");
        }

        var delta = body.MinFinalCltvExpiryDelta ?? Invoice.DefaultMinFinalCltvExpiryDelta;
        if (delta is 0 or > 2016)
        {
            return Problem(StatusCodes.Status400BadRequest, "min_final_cltv_expiry_delta: from 1 to 2016 blocks.");
        }

        var description = body.Description ?? "";
        if (description.Length > 640)
        {
            return Problem(StatusCodes.Status400BadRequest, "description: at most 640 characters (as in BOLT 11).");
        }

        IReadOnlyList<Routing.GraphEdge>? blindedEdges = null;
        if (body.Blinded is { } blinded)
        {
            if (!node.Settings.RouteBlinding)
            {
                return Problem(StatusCodes.Status400BadRequest, $"blinded: {node.Name} has route blinding turned off (RouteBlinding:Enabled=false, or its network.json features leave out route_blinding); ask without \"blinded\", or turn it on.");
            }

            if (blinded.Hops is < 1 or > BlindedPathChooser.MaxHops || blinded.DummyHops is < 0 or > BlindedPathChooser.MaxHops)
            {
                return Problem(StatusCodes.Status400BadRequest, $"blinded.hops: from 1 to {BlindedPathChooser.MaxHops} relays before the payee (the introduction node included); blinded.dummy_hops: from 0 to {BlindedPathChooser.MaxHops}.");
            }

            if (blinded.IntroductionNode is { } intro && (node.Network.FindNode(intro) is null || intro == node.Name))
            {
                return Problem(StatusCodes.Status400BadRequest, $"blinded.introduction_node: another of the network's nodes ({string.Join(", ", node.Network.Nodes.Where(n => n.Name != node.Name).Select(n => n.Name))}).");
            }

            blindedEdges = BlindedPathChooser.Choose(node.Graph, node.Name, blinded.Hops, blinded.IntroductionNode, System.Security.Cryptography.RandomNumberGenerator.GetInt32, out var noPath);
            if (blindedEdges is null)
            {
                return Problem(StatusCodes.Status400BadRequest, $"blinded: {noPath}.");
            }
        }

        if (body.Lock is not (null or "hash" or "point"))
        {
            return Problem(StatusCodes.Status400BadRequest, "lock: \"hash\" (the default) or \"point\" (lnrelay-experimental PTLC, docs/ptlc.md).");
        }

        if (body.Lock == "point" && !node.Settings.PointLocks)
        {
            return Problem(StatusCodes.Status400BadRequest, $"lock: {node.Name} has point locks turned off (PointLocks:Enabled=false, or its network.json features leave out point_locks); ask for \"hash\", or turn them on.");
        }

        if (body.Lock == "point" && blindedEdges is not null)
        {
            // Point locks through a blinded path (docs/ptlc.md "Through blinded paths"): every relay of the path must forward them.
            var lacking = blindedEdges.Select(e => e.From).Where(n => !n.Announces(Network.NodeFeatures.PointLocks)).Select(n => n.Name).ToList();
            if (lacking.Count > 0)
            {
                return Problem(StatusCodes.Status400BadRequest, $"lock \"point\" and blinded: the path chosen goes through {string.Join(", ", lacking)}, which do not announce point_locks (network.json features); name another blinded.introduction_node.");
            }
        }

        var invoice = node.Invoices.Create(amount, TimeSpan.FromSeconds(expiry), delta, description, pointLock: body.Lock == "point");

        // The write-ahead rule (docs/store.md): the payer learns of the invoice only once a restart would not lose it.
        await node.Journal.WhenDurable(node.Journal.StagedMark);
        if (blindedEdges is not null)
        {
            // The payee's name and id are left out: the path stands in for them (BOLT 4 "Route Blinding").
            var path = BlindedInvoicePaths.Create(node.Identity.Key, blindedEdges, body.Blinded!.DummyHops ?? 0, invoice.PaymentHash, node.Switch.BlockHeight, delta);
            return Results.Ok(new InvoiceView(null, null, invoice.PaymentHashHex, Convert.ToHexStringLower(invoice.PaymentSecret), invoice.AmountMsat, invoice.MinFinalCltvExpiryDelta, invoice.ExpiresAt, invoice.Description)
            {
                BlindedPath = BlindedPathView.Of(path),
            });
        }

        return Results.Ok(new InvoiceView(node.Name, node.Identity.Key.PublicKey.ToHex(), invoice.PaymentHashHex, Convert.ToHexStringLower(invoice.PaymentSecret), invoice.AmountMsat, invoice.MinFinalCltvExpiryDelta, invoice.ExpiresAt, invoice.Description) { Lock = invoice.Lock });
    }

    private static async Task<IResult> PayAsync(NodeRuntime node, PayRequest? body, CancellationToken ct)
    {
        if (body is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "A JSON body is required: {\"payee\", \"amount_msat\", \"payment_hash\", \"payment_secret\", \"min_final_cltv_expiry_delta\"} (from the payee's POST /v1/invoices).");
        }

        BlindedDestination? blindedTo = null;
        if (body.BlindedPath is { } blindedPath)
        {
            if (body.Payee is not null)
            {
                return Problem(StatusCodes.Status400BadRequest, "payee and blinded_path: give one; a blinded invoice has no payee, only its blinded_path.");
            }

            if (blindedPath.TryParse(out var pathError) is not { } parsed)
            {
                return Problem(StatusCodes.Status400BadRequest, pathError!);
            }

            if (node.Network.FindNode(parsed.Path.FirstNodeId) is not { } introduction)
            {
                return Problem(StatusCodes.Status400BadRequest, "blinded_path.first_node_id: not a node of this network; the path cannot be reached.");
            }

            blindedTo = new BlindedDestination(introduction.Name, parsed.Path, parsed.PayInfo);
        }
        else if (string.IsNullOrWhiteSpace(body.Payee) || node.Network.FindNode(body.Payee) is null)
        {
            return Problem(StatusCodes.Status400BadRequest, $"payee: one of the network's nodes ({string.Join(", ", node.Network.Nodes.Select(n => n.Name))}), or blinded_path from a blinded invoice instead.");
        }

        if (blindedTo is null && body.Payee == node.Name)
        {
            return Problem(StatusCodes.Status400BadRequest, "payee: a node cannot pay itself.");
        }

        if (body.AmountMsat is not { } amount || amount == 0 || amount > HopPayloadTypes.MaxMsat)
        {
            return Problem(StatusCodes.Status400BadRequest, $"amount_msat: required, from 1 to {HopPayloadTypes.MaxMsat} (21 million BTC).");
        }

        if (body.Lock is not (null or "hash" or "point"))
        {
            return Problem(StatusCodes.Status400BadRequest, "lock: \"hash\" (the default) or \"point\" (lnrelay-experimental PTLC, docs/ptlc.md), as the invoice says.");
        }

        if (body.Lock == "point" && !node.Settings.PointLocks)
        {
            return Problem(StatusCodes.Status400BadRequest, $"lock: {node.Name} has point locks turned off (PointLocks:Enabled=false, or its network.json features leave out point_locks); it cannot pay a point-locked invoice.");
        }

        byte[]? secret = [];
        byte[] hash;
        if (body.Lock == "point")
        {
            if (!Crypto.PublicKey.TryParseHex(body.PaymentHash, out var payee))
            {
                return Problem(StatusCodes.Status400BadRequest, "payment_hash: with lock \"point\", the invoice's payee point: 66 hex characters of a compressed secp256k1 point.");
            }

            hash = payee.ToBytes();
        }
        else if (!Hex32(body.PaymentHash, out hash))
        {
            return Problem(StatusCodes.Status400BadRequest, "payment_hash: required, 64 hex characters (66 for a point-locked invoice, with lock \"point\").");
        }

        if (blindedTo is null && !Hex32(body.PaymentSecret, out secret))
        {
            return Problem(StatusCodes.Status400BadRequest, "payment_secret: required (not with blinded_path), 64 hex characters.");
        }

        var timeout = body.TimeoutSeconds ?? 60;
        if (timeout is < 1 or > MaxPaymentTimeoutSeconds)
        {
            return Problem(StatusCodes.Status400BadRequest, $"timeout_seconds: from 1 to {MaxPaymentTimeoutSeconds}.");
        }

        if (body.MaxParts is < 1 or > MaxPartsLimit)
        {
            return Problem(StatusCodes.Status400BadRequest, $"max_parts: from 1 (never split) to {MaxPartsLimit}; default {SplitPolicy.DefaultMaxParts} (docs/mpp.md).");
        }

        if (body.MinPartMsat is 0 || body.MinPartMsat > amount)
        {
            return Problem(StatusCodes.Status400BadRequest, $"min_part_msat: from 1 to the amount ({amount}); default {SplitPolicy.DefaultMinPartMsat} (docs/mpp.md).");
        }

        if (body.MaxPartMsat is 0 || body.MaxPartMsat > amount)
        {
            return Problem(StatusCodes.Status400BadRequest, $"max_part_msat: from 1 to the amount ({amount}); leave it out for no limit (docs/mpp.md).");
        }

        if (body.MaxFeeMsat > HopPayloadTypes.MaxMsat)
        {
            return Problem(StatusCodes.Status400BadRequest, $"max_fee_msat: from 0 to {HopPayloadTypes.MaxMsat}; leave it out for no fee limit (docs/mpp.md).");
        }

        var split = new SplitPolicy
        {
            MaxParts = body.MaxParts ?? SplitPolicy.DefaultMaxParts,
            MinPartMsat = body.MinPartMsat ?? SplitPolicy.DefaultMinPartMsat,
            MaxFeeMsat = body.MaxFeeMsat,
            MaxPartMsat = body.MaxPartMsat,
        };
        var request = new PaymentRequest(body.Payee ?? BlindedDestination.PayeeName, amount, hash, secret, body.MinFinalCltvExpiryDelta ?? Invoice.DefaultMinFinalCltvExpiryDelta) { Blinded = blindedTo, Split = split };
        var payment = node.Payer.PayAsync(request, CancellationToken.None);
        var finished = await Task.WhenAny(payment, Task.Delay(TimeSpan.FromSeconds(timeout), node.Time, ct));
        if (finished == payment)
        {
            var result = await payment;
            await node.Journal.WhenDurable(node.Journal.StagedMark);
            return Results.Ok(result);
        }

        // Still in flight: the payment goes on; poll GET /v1/payments/{hash}.
        return Results.Accepted($"/v1/payments/{Convert.ToHexStringLower(hash)}", node.Payments.TryGet(Convert.ToHexStringLower(hash), out var now) ? now : null);
    }

    private static async Task<IResult> PatchPolicy(NodeRuntime node, string scidText, PolicyPatch? body)
    {
        if (!ShortChannelId.TryParse(scidText, out var scid))
        {
            return Problem(StatusCodes.Status400BadRequest, $"'{scidText}' is not a short_channel_id (BLOCKxTXxOUTPUT, e.g. 800000x1x0).");
        }

        if (body is null || body == new PolicyPatch(null, null, null, null, null, null))
        {
            return Problem(StatusCodes.Status400BadRequest, "A JSON body with at least one of fee_base_msat, fee_proportional_millionths, cltv_expiry_delta, htlc_minimum_msat, htlc_maximum_msat, enabled is required.");
        }

        var current = node.Switch.Read(cs => cs.FirstOrDefault(c => c.ShortChannelId == scid)?.LocalPolicy);
        if (current is null)
        {
            return Problem(StatusCodes.Status404NotFound, $"{scid} is not one of {node.Name}'s channels.");
        }

        var policy = body.ApplyTo(current);
        if (policy.Refusals() is { Count: > 0 } refusals)
        {
            return Problem(StatusCodes.Status400BadRequest, string.Join("; ", refusals.Select(r => r.Describe(policy))) + " (the policy is unchanged).");
        }

        node.Switch.TrySetPolicy(scid, policy);
        await node.Journal.WhenDurable(node.Journal.StagedMark);
        return Results.Ok(PolicyView.Of(policy));
    }

    private static IResult SetHeight(NodeRuntime node, HeightRequest? body)
    {
        if (body?.Height is not { } height || height >= Channels.ChannelState.MaxCltvExpiry)
        {
            return Problem(StatusCodes.Status400BadRequest, "height: required, a block height below 500000000.");
        }

        return node.Switch.TrySetBlockHeight(height)
            ? Results.Ok(new { height })
            : Problem(StatusCodes.Status400BadRequest, $"height: the chain only moves forward; it is at {node.Switch.BlockHeight}.");
    }

    private static IResult SetFaults(NodeRuntime node, FaultsRequest? body, ILogger log)
    {
        if (body is null || body.ForwardDelayMs is < 0 or > 600_000 || body.DropPeerAfterMessages is { } drop && !FaultInjectionOptions.IsValidDropPeerAfterMessages(drop))
        {
            return Problem(StatusCodes.Status400BadRequest, "A JSON body: corrupt_forwarded_onions (bool), forward_delay_ms (0-600000), drop_peer_after_messages (0 = never, else 3 or more: init and link_sync come first on every connection), refuse_to_forward (bool).");
        }

        var current = node.Faults.Current;
        var faults = new FaultInjectionOptions
        {
            CorruptForwardedOnions = body.CorruptForwardedOnions ?? current.CorruptForwardedOnions,
            ForwardDelayMs = body.ForwardDelayMs ?? current.ForwardDelayMs,
            DropPeerAfterMessages = body.DropPeerAfterMessages ?? current.DropPeerAfterMessages,
            RefuseToForward = body.RefuseToForward ?? current.RefuseToForward,
        };
        node.Faults.Current = faults;
        log.LogWarning(NodeLogEvents.FaultsChanged, "Fault injection is now {Faults}", faults);
        return Results.Ok(faults);
    }

    private static bool Hex32(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length != 64)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, detail: detail);
}
