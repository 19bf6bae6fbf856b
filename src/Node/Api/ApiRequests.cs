namespace LnRelay.Node.Api;

// Request bodies of the control API (snake_case JSON). Every field is optional here so
// that a missing one is reported by name (ApiValidation), not as a binder error.

/// <summary>POST /v1/invoices. Lock: "hash" (default) or "point", lnrelay-experimental PTLC (docs/ptlc.md): an invoice with a payee point instead of a payment hash.</summary>
public sealed record CreateInvoiceRequest(ulong? AmountMsat, string? Description, int? ExpirySeconds, ushort? MinFinalCltvExpiryDelta, BlindedInvoiceRequest? Blinded = null, string? Lock = null);

/// <summary>POST /v1/payments. Lock: "hash" (default; PaymentHash is 64 hex) or "point" (PaymentHash is the invoice's 66-hex payee point; docs/ptlc.md).</summary>
public sealed record PayRequest(string? Payee, ulong? AmountMsat, string? PaymentHash, string? PaymentSecret, ushort? MinFinalCltvExpiryDelta, int? TimeoutSeconds, BlindedPathView? BlindedPath = null, string? Lock = null)
{
    /// <summary>The payer's <see cref="MaxParts"/> when the request names none.</summary>
    public const int DefaultMaxParts = MultiPart.SplitPolicy.DefaultMaxParts;

    /// <summary>The payer's <see cref="MinPartMsat"/> when the request names none.</summary>
    public const ulong DefaultMinPartMsat = MultiPart.SplitPolicy.DefaultMinPartMsat;

    /// <summary>Multi-part payments (docs/mpp.md): the most parts at once; 1 never splits. Default 16.</summary>
    public int? MaxParts { get; init; }

    /// <summary>Multi-part payments: no part below this (but a smaller remainder). Default 1,000,000 msat.</summary>
    public ulong? MinPartMsat { get; init; }

    /// <summary>Multi-part payments: no part above this; a larger payment splits even where one route carries it. Default: no limit.</summary>
    public ulong? MaxPartMsat { get; init; }

    /// <summary>The most the payment may pay in fees, over all its parts. Default: no limit.</summary>
    public ulong? MaxFeeMsat { get; init; }
}

/// <summary>PATCH /v1/channels/SCID/policy: the fields to change; null keeps the current value.</summary>
public sealed record PolicyPatch(uint? FeeBaseMsat, uint? FeeProportionalMillionths, ushort? CltvExpiryDelta, ulong? HtlcMinimumMsat, ulong? HtlcMaximumMsat, bool? Enabled)
{
    /// <summary>The policy <paramref name="current"/> becomes, not yet checked (<see cref="Channels.ChannelPolicy.Refusals"/>).</summary>
    public Channels.ChannelPolicy ApplyTo(Channels.ChannelPolicy current) => current with
    {
        FeeBaseMsat = FeeBaseMsat ?? current.FeeBaseMsat,
        FeeProportionalMillionths = FeeProportionalMillionths ?? current.FeeProportionalMillionths,
        CltvExpiryDelta = CltvExpiryDelta ?? current.CltvExpiryDelta,
        HtlcMinimumMsat = HtlcMinimumMsat ?? current.HtlcMinimumMsat,
        HtlcMaximumMsat = HtlcMaximumMsat ?? current.HtlcMaximumMsat,
        Enabled = Enabled ?? current.Enabled,
    };
}

public sealed record HeightRequest(uint? Height);

public sealed record FaultsRequest(bool? CorruptForwardedOnions, int? ForwardDelayMs, int? DropPeerAfterMessages, bool? RefuseToForward);
