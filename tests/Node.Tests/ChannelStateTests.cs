using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Sphinx;

namespace LnRelay.Node.Tests;

public sealed class ChannelStateTests
{
    private const ulong Capacity = 1_000_000;

    [Fact]
    public void Offer_then_settle_moves_the_amount_to_the_peer()
    {
        var channel = NewChannel(localBalance: 600_000);
        var (hash, preimage) = NewHash();
        Assert.Equal(HtlcAddRefusal.None, channel.TryOffer(100_000, hash, 500, out var htlc));
        Assert.Equal(0UL, htlc.Id);
        Assert.Equal(500_000UL, channel.LocalBalanceMsat);
        Assert.Equal(100_000UL, channel.OfferedInFlightMsat);

        Assert.Equal(HtlcRemoveRefusal.None, channel.TrySettleOffered(0, preimage, out _));
        Assert.Equal(500_000UL, channel.LocalBalanceMsat);
        Assert.Equal(500_000UL, channel.RemoteBalanceMsat);
        Assert.True(channel.InvariantHolds());
    }

    [Fact]
    public void Offer_then_fail_returns_the_amount()
    {
        var channel = NewChannel(localBalance: 600_000);
        channel.TryOffer(100_000, NewHash().Hash, 500, out _);
        Assert.Equal(HtlcRemoveRefusal.None, channel.TryFailOffered(0, out _));
        Assert.Equal(600_000UL, channel.LocalBalanceMsat);
        Assert.Equal(HtlcRemoveRefusal.UnknownId, channel.TryFailOffered(0, out _));
    }

    [Fact]
    public void Received_htlcs_must_arrive_in_id_order_and_be_affordable()
    {
        var channel = NewChannel(localBalance: 900_000);
        var hash = NewHash().Hash;
        Assert.Equal(HtlcAddRefusal.UnexpectedId, channel.TryReceive(1, 10, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.None, channel.TryReceive(0, 10, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.UnexpectedId, channel.TryReceive(0, 10, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.InsufficientBalance, channel.TryReceive(1, 200_000, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.ZeroAmount, channel.TryReceive(1, 0, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.ExpiryNotAHeight, channel.TryReceive(1, 1, hash, ChannelState.MaxCltvExpiry, out _));
        Assert.Equal(1UL, channel.NextExpectedReceivedId);
    }

    [Fact]
    public void A_wrong_preimage_is_refused_and_changes_nothing()
    {
        var channel = NewChannel(localBalance: 500_000);
        var (hash, _) = NewHash();
        channel.TryReceive(0, 1_000, hash, 500, out _);
        Assert.Equal(HtlcRemoveRefusal.WrongPreimage, channel.TrySettleReceived(0, new byte[32], out _));
        Assert.Equal(HtlcRemoveRefusal.WrongPreimage, channel.TrySettleReceived(0, new byte[31], out _));
        Assert.Single(channel.Received);
        Assert.True(channel.InvariantHolds());
    }

    [Fact]
    public void Htlc_slots_and_in_flight_limits_are_enforced()
    {
        var channel = NewChannel(localBalance: Capacity, maxAccepted: 2, maxInFlight: 250);
        var hash = NewHash().Hash;
        Assert.Equal(HtlcAddRefusal.None, channel.TryOffer(100, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.InFlightLimit, channel.TryOffer(151, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.None, channel.TryOffer(150, hash, 500, out _));
        Assert.Equal(HtlcAddRefusal.TooManyHtlcs, channel.TryOffer(1, hash, 500, out _));
    }

    [Fact]
    public void Random_sequences_keep_balances_plus_in_flight_equal_to_capacity()
    {
        var random = new Random(5);
        var channel = NewChannel(localBalance: Capacity / 3);
        var preimages = new Dictionary<string, byte[]>();
        for (var step = 0; step < 20_000; step++)
        {
            var amount = (ulong)random.Next(1, 50_000);
            switch (random.Next(6))
            {
                case 0:
                    {
                        var (hash, preimage) = NewHash();
                        if (channel.TryOffer(amount, hash, 500, out var h) == HtlcAddRefusal.None)
                        {
                            preimages["o" + h.Id] = preimage;
                        }

                        break;
                    }

                case 1:
                    {
                        var (hash, preimage) = NewHash();
                        var id = channel.NextExpectedReceivedId;
                        if (channel.TryReceive(id, amount, hash, 500, out _) == HtlcAddRefusal.None)
                        {
                            preimages["r" + id] = preimage;
                        }

                        break;
                    }

                case 2 when channel.Offered.Count > 0:
                    {
                        var id = channel.Offered.Keys.ElementAt(random.Next(channel.Offered.Count));
                        Assert.Equal(HtlcRemoveRefusal.None, channel.TrySettleOffered(id, preimages["o" + id], out _));
                        break;
                    }

                case 3 when channel.Offered.Count > 0:
                    Assert.Equal(HtlcRemoveRefusal.None, channel.TryFailOffered(channel.Offered.Keys.First(), out _));
                    break;
                case 4 when channel.Received.Count > 0:
                    {
                        var id = channel.Received.Keys.ElementAt(random.Next(channel.Received.Count));
                        Assert.Equal(HtlcRemoveRefusal.None, channel.TrySettleReceived(id, preimages["r" + id], out _));
                        break;
                    }

                case 5 when channel.Received.Count > 0:
                    Assert.Equal(HtlcRemoveRefusal.None, channel.TryFailReceived(channel.Received.Keys.First(), out _));
                    break;
                default:
                    // Duplicate and unknown removals are refused without touching state.
                    Assert.Equal(HtlcRemoveRefusal.UnknownId, channel.TryFailOffered(ulong.MaxValue, out _));
                    break;
            }

            Assert.True(channel.InvariantHolds(), $"step {step}");
        }
    }

    [Fact]
    public void Restore_takes_the_in_flight_totals_from_the_stored_htlcs()
    {
        var channel = NewChannel(localBalance: 0);
        var hash = NewHash().Hash;
        channel.Restore(500_000, 200_000, 3, 2, channel.LocalPolicy, [new Htlc(1, 100_000, hash, 500), new Htlc(2, 150_000, hash, 500)], [new Htlc(1, 50_000, hash, 500)]);
        Assert.Equal(250_000UL, channel.OfferedInFlightMsat);
        Assert.Equal(50_000UL, channel.ReceivedInFlightMsat);
        Assert.Equal(HtlcRemoveRefusal.None, channel.TryFailOffered(2, out _));
        Assert.Equal(100_000UL, channel.OfferedInFlightMsat);
        Assert.Equal(650_000UL, channel.LocalBalanceMsat);
        Assert.True(channel.InvariantHolds());
    }

    [Fact]
    public void Restore_refuses_stored_htlcs_whose_amounts_overflow_64_bits()
    {
        var channel = NewChannel(localBalance: 0);
        var hash = NewHash().Hash;
        var error = Assert.Throws<InvalidOperationException>(() => channel.Restore(0, 0, 2, 0, channel.LocalPolicy, [new Htlc(0, ulong.MaxValue, hash, 500), new Htlc(1, ulong.MaxValue, hash, 500)], []));
        Assert.Contains("do not add up to the capacity", error.Message);
    }

    [Fact]
    public void Channel_id_is_sha256_of_the_short_channel_id()
    {
        var scid = new ShortChannelId(800_000, 1, 0);
        var bytes = new byte[8];
        scid.Write(bytes);
        Assert.Equal(SHA256.HashData(bytes), NewChannel(localBalance: 0, scid: scid).ChannelId.Span.ToArray());
    }

    private static ChannelState NewChannel(ulong localBalance, int maxAccepted = ChannelState.MaxAcceptedHtlcsLimit, ulong maxInFlight = ulong.MaxValue, ShortChannelId? scid = null) =>
        new(scid ?? new ShortChannelId(1, 1, 0), "peer", PrivateKey.Generate().PublicKey, Capacity, localBalance, ChannelPolicy.Default, ChannelPolicy.Default, maxAccepted, maxInFlight);

    private static (byte[] Hash, byte[] Preimage) NewHash()
    {
        var preimage = RandomNumberGenerator.GetBytes(32);
        return (SHA256.HashData(preimage), preimage);
    }
}
