using LnRelay.Node.Channels;

namespace LnRelay.Node.Api;

// What the control API returns (snake_case JSON).

/// <summary>GET /v1/info. BlockIntervalSeconds and NextBlockAt are the chain's schedule, both null when only POST /v1/chain/height moves it.</summary>
internal sealed record NodeInfoView(string Name, string NodeId, string Network, uint BlockHeight, string PeerAddress, int Channels, int PeersConnected, object Faults, uint? BlockIntervalSeconds, DateTimeOffset? NextBlockAt);

public sealed record PolicyView(uint FeeBaseMsat, uint FeeProportionalMillionths, ushort CltvExpiryDelta, ulong HtlcMinimumMsat, ulong HtlcMaximumMsat, bool Enabled)
{
    public static PolicyView Of(ChannelPolicy p) => new(p.FeeBaseMsat, p.FeeProportionalMillionths, p.CltvExpiryDelta, p.HtlcMinimumMsat, p.HtlcMaximumMsat, p.Enabled);
}

public sealed record ChannelView(
    string ShortChannelId,
    string ChannelId,
    string Peer,
    ulong CapacityMsat,
    ulong LocalBalanceMsat,
    ulong RemoteBalanceMsat,
    int HtlcsOffered,
    ulong OfferedMsat,
    int HtlcsReceived,
    ulong ReceivedMsat,
    PolicyView LocalPolicy,
    PolicyView RemotePolicy,
    string? Refusal = null)
{
    /// <summary>The <see cref="Refusal"/> of a channel whose funding output the chain has not confirmed yet ('lnrelay up' waits until none is left).</summary>
    public const string WaitingForChain = Chain.RpcChainFollower.WaitingForChain;

    internal static ChannelView Of(ChannelState c) => new(
        c.ShortChannelId.ToString(),
        c.ChannelId.ToHex(),
        c.RemoteName,
        c.CapacityMsat,
        c.LocalBalanceMsat,
        c.RemoteBalanceMsat,
        c.Offered.Count,
        c.OfferedInFlightMsat,
        c.Received.Count,
        c.ReceivedInFlightMsat,
        PolicyView.Of(c.LocalPolicy),
        PolicyView.Of(c.RemotePolicy),
        c.Refusal);
}

/// <summary>
/// An invoice; a blinded one has no payee and no node id, and a <see cref="BlindedPath"/> instead (docs/blinded-paths.md).
/// PaymentHash is its key: the payment hash, or with <see cref="Lock"/> "point" the payee point Z (66 hex; docs/ptlc.md).
/// </summary>
public sealed record InvoiceView(string? Payee, string? NodeId, string PaymentHash, string PaymentSecret, ulong AmountMsat, ushort MinFinalCltvExpiryDelta, DateTimeOffset ExpiresAt, string Description)
{
    /// <summary>"hash" or "point" (lnrelay-experimental PTLC, docs/ptlc.md).</summary>
    public string Lock { get; init; } = "hash";

    public BlindedPathView? BlindedPath { get; init; }
}
