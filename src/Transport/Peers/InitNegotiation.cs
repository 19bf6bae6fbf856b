using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Peers;

/// <summary>
/// BOLT 1 "The <c>init</c> Message", receiver rules: the union of the two bitmaps is
/// the peer's features; an unknown even (required) bit fails the connection, unknown
/// odd bits are ignored; a <c>networks</c> record that does not list our chain means
/// we have nothing to talk about (the spec's "MAY close", taken here). A peer without
/// the record is accepted, as the spec allows.
/// </summary>
internal static class InitNegotiation
{
    /// <summary>Null when the peer is acceptable; otherwise why not.</summary>
    public static PeerSessionEnd? Check(InitMessage init, PeerSessionOptions options, ReadOnlySpan<byte> ourChainHash)
    {
        if (init.CombinedFeatures.FirstUnknownRequiredBit(options.IsKnownFeature) is { } bit)
        {
            return new PeerSessionEnd(PeerCloseReason.UnknownRequiredFeature, $"peer requires unknown feature bit {bit}");
        }

        if (init.Networks is { } networks)
        {
            foreach (var chain in networks)
            {
                if (chain.Span.SequenceEqual(ourChainHash))
                {
                    return null;
                }
            }

            return new PeerSessionEnd(PeerCloseReason.NetworkMismatch, $"peer's networks ({networks.Count}) do not include network '{options.NetworkName}'");
        }

        return null;
    }
}
