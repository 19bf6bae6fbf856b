namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 9 feature bits 24/25, <c>option_route_blinding</c> ("Node supports blinded paths",
/// context IN9): a node that sets them can act as an introduction node, a blinded relay and a
/// blinded recipient, and reads <c>update_add_htlc</c>'s <c>path_key</c>
/// (<see cref="UpdateAddHtlcMessage.PathKeyTlvType"/>). A node advertises the optional bit
/// unless its route blinding is turned off (docs/blinded-paths.md).
/// </summary>
public static class RouteBlindingFeature
{
    /// <summary>The even ("required") bit.</summary>
    public const int Required = 24;

    /// <summary>The odd ("optional") bit.</summary>
    public const int Optional = 25;

    /// <summary>Whether a peer's <c>init</c> features say it supports route blinding (either bit).</summary>
    public static bool IsSupportedBy(FeatureBits features) => features.IsSet(Required) || features.IsSet(Optional);
}
