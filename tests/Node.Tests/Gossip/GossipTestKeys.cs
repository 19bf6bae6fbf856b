using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Gossip;
using LnRelay.Sphinx;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Tests.Gossip;

/// <summary>
/// Fixed keys and values for channel_update tests. Secret 1 gives G
/// (0279be66…1798) and secret 2 gives 2G (02c6047f…9ee5), so key One is
/// node_id_1 and key Two node_id_2 of a channel between them.
/// </summary>
internal static class GossipTestKeys
{
    public const string NodeId1Hex = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    public const string NodeId2Hex = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
    public const uint Timestamp = 1_700_000_000;

    public static readonly ShortChannelId Scid = ShortChannelId.Parse("539268x845x1");

    public static readonly ChannelPolicy Policy = new(1_000, 100, 40, 1, 100_000_000, Enabled: true);

    public static PrivateKey One() => PrivateKey.Create(Secret(1));

    public static PrivateKey Two() => PrivateKey.Create(Secret(2));

    public static byte[] ChainHash() => NetworkChainHash.For("regtest");

    public static ChannelUpdate Update(PrivateKey signer, PublicKey otherEnd, ChannelPolicy? policy = null) =>
        ChannelUpdate.Create(signer, otherEnd, ChainHash(), Scid, Timestamp, policy ?? Policy);

    private static byte[] Secret(byte last)
    {
        var secret = new byte[KeySizes.SecretKey];
        secret[^1] = last;
        return secret;
    }
}
