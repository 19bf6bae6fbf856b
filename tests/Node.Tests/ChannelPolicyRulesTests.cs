using LnRelay.Node.Api;
using LnRelay.Node.Channels;
using LnRelay.Node.Network;

namespace LnRelay.Node.Tests;

/// <summary>The policy's rules, written once in ChannelPolicy and read by every shape of a policy.</summary>
public sealed class ChannelPolicyRulesTests
{
    [Fact]
    public void TheDefault_BreaksNoRule_AndIsWhatAnEmptyFilePolicyMeans()
    {
        Assert.Empty(ChannelPolicy.Default.Refusals());
        Assert.Equal(ChannelPolicy.Default, new PolicyDto().ToPolicy());
    }

    [Theory]
    [InlineData(0, 1, 10, PolicyRefusal.CltvExpiryDeltaZero, "cltv_expiry_delta")]
    [InlineData(40, 9, 5, PolicyRefusal.MinimumAboveMaximum, "htlc_minimum_msat")]
    [InlineData(40, 0, 0, PolicyRefusal.MaximumZero, "htlc_maximum_msat")]
    [InlineData(40, ulong.MaxValue, ulong.MaxValue, PolicyRefusal.MinimumAboveMoneySupply, "htlc_minimum_msat")]
    public void APolicyThatBreaksARule_NamesTheRuleAndItsField(ushort delta, ulong min, ulong max, PolicyRefusal expected, string field)
    {
        var policy = ChannelPolicy.Default with { CltvExpiryDelta = delta, HtlcMinimumMsat = min, HtlcMaximumMsat = max };

        var refusal = Assert.Single(policy.Refusals());

        Assert.Equal(expected, refusal);
        Assert.Equal(field, refusal.Field());
        Assert.StartsWith(field, refusal.Describe(policy), StringComparison.Ordinal);
    }

    [Fact]
    public void APatch_ChangesOnlyTheFieldsItNames_AndIsCheckedByTheSameRules()
    {
        var patched = new PolicyPatch(null, null, 0, null, null, null).ApplyTo(ChannelPolicy.Default);

        Assert.Equal(ChannelPolicy.Default with { CltvExpiryDelta = 0 }, patched);
        Assert.Equal([PolicyRefusal.CltvExpiryDeltaZero], patched.Refusals());
    }

    [Fact]
    public void TheNetworkFileValidator_ReportsTheRuleAtItsJsonPath()
    {
        var errors = new List<string>();
        var dto = new NetworkFileDto
        {
            Network = "t",
            Nodes =
            [
                new NodeDto { Name = "alice", NodeId = Crypto.PrivateKey.Generate().PublicKey.ToHex(), Host = "127.0.0.1", Port = 1, ControlUrl = "http://127.0.0.1:2" },
                new NodeDto { Name = "bob", NodeId = Crypto.PrivateKey.Generate().PublicKey.ToHex(), Host = "127.0.0.1", Port = 3, ControlUrl = "http://127.0.0.1:4" },
            ],
            Channels = [new ChannelDto { ShortChannelId = "1x1x0", Node1 = "alice", Node2 = "bob", CapacityMsat = 100, Node2Policy = new PolicyDto { HtlcMinimumMsat = 9, HtlcMaximumMsat = 5 } }],
        };

        Assert.Null(NetworkValidator.Validate(dto, errors));
        Assert.Equal(["channels[0] (1x1x0).node2_policy.htlc_minimum_msat: htlc_minimum_msat 9 is above htlc_maximum_msat 5."], errors);
    }

    [Theory]
    [InlineData(0UL, 0u)]
    [InlineData(10_000UL, 1u)]
    [InlineData(999_999UL, 999_999u)]
    [InlineData(ulong.MaxValue / 4_000_000_000, 4_000_000_000u)]
    [InlineData((ulong.MaxValue / 4_000_000_000) + 1, 4_000_000_000u)]
    [InlineData(ulong.MaxValue, 1u)]
    [InlineData(ulong.MaxValue, 999_999u)]
    public void TheFee_IsTheFloorOfTheFullProduct_WhetherOrNotItFitsIn64Bits(ulong amount, uint ppm)
    {
        // BOLT 7 "HTLC Fees": fee_base_msat + floor(amount * fee_proportional_millionths / 1,000,000).
        var policy = ChannelPolicy.Default with { FeeBaseMsat = 7, FeeProportionalMillionths = ppm };
        var expected = (UInt128)7 + ((UInt128)amount * ppm / 1_000_000);
        if (expected > ulong.MaxValue)
        {
            Assert.Throws<OverflowException>(() => policy.FeeFor(amount));
        }
        else
        {
            Assert.Equal((ulong)expected, policy.FeeFor(amount));
        }
    }
}
