using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Tests.Peers;

internal static class SampleMessagesForPeers
{
    public static ChannelId Channel { get; } = ChannelId.FromShortChannelId(0x0000010000020003);

    public static UpdateAddHtlcMessage Add { get; } =
        new(Channel, 0, 1_000_000, new byte[MessageSizes.Sha256], 800_144, new byte[MessageSizes.OnionRoutingPacket]);
}
