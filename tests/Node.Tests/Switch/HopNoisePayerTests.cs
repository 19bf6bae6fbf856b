using LnRelay.Node.Invoices;
using LnRelay.Node.Logging;
using LnRelay.Node.Payments;
using LnRelay.Node.Privacy;
using LnRelay.Node.Routing;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// The payer's per-hop fee and CLTV noise (docs/privacy.md "Per-hop fee and CLTV noise"): every
/// relay is paid at least its policy's fee and given at least its delta, so relays accept the
/// route, the payee gets exactly its amount, and the extra is drawn afresh per payment.
/// </summary>
public sealed class HopNoisePayerTests
{
    private const ulong Amount = 1_500_000;

    private static Payer Payer(SwitchHarness net, PrivacyOptions privacy) =>
        new(net["a"].Switch, new PayerGraph(net.Graph), net.SessionKeys, new PaymentStore(), net.Time, net.Log.For("a")) { Privacy = privacy };

    private static PaymentRequest Request(Invoice invoice, string payee) =>
        new(payee, invoice.AmountMsat, invoice.PaymentHash, invoice.PaymentSecret, invoice.MinFinalCltvExpiryDelta);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithNoise_EveryRelayIsPaidAtLeastItsPolicy_AcceptsTheRoute_AndThePayeeGetsExactlyItsAmount(bool pointLock)
    {
        var net = SwitchHarness.Line(5, capacity: 100_000_000);
        net.AfterEachDelivery = net.AssertInvariants;
        var privacy = new PrivacyOptions { FeeNoiseMaxMsat = 5_000, FeeNoiseMaxPpm = 500, CltvNoiseMaxBlocks = 12, Random = new Random(11) };
        var payer = Payer(net, privacy);
        var extraFees = new List<long>();
        var extraDeltas = new List<long>();
        for (var n = 0; n < 6; n++)
        {
            var invoice = net["e"].Invoices.Create(Amount, TimeSpan.FromHours(1), SwitchHarness.MinFinalDelta, "noise", pointLock: pointLock);
            var result = await net.RunUntil(payer.PayAsync(Request(invoice, "e")));
            Assert.True(result.Status == PaymentStatus.Succeeded, System.Text.Json.JsonSerializer.Serialize(result));
            Assert.Single(result.Attempts);
        }

        // Each relay's HopView: what it kept and the delta it was given, against its own policy.
        var relays = net.Log.Named(NodeLogEvents.HopView.Name!).Where(v => (string?)v["Role"] == "relay").ToList();
        Assert.Equal(6 * 3, relays.Count);
        foreach (var v in relays)
        {
            var index = v.Node![0] - 'a';
            var policy = SwitchHarness.PolicyOf(index);
            var amountOut = Convert.ToUInt64(v["AmountOutMsat"], System.Globalization.CultureInfo.InvariantCulture);
            var fee = Convert.ToUInt64(v["AmountInMsat"], System.Globalization.CultureInfo.InvariantCulture) - amountOut;
            var delta = Convert.ToInt64(v["CltvIn"], System.Globalization.CultureInfo.InvariantCulture) - Convert.ToInt64(v["CltvOut"], System.Globalization.CultureInfo.InvariantCulture);
            var policyFee = policy.FeeBaseMsat + (amountOut * policy.FeeProportionalMillionths / 1_000_000);
            Assert.InRange(fee, policyFee, policyFee + 5_000 + (amountOut * 500 / 1_000_000));
            Assert.InRange(delta, policy.CltvExpiryDelta, policy.CltvExpiryDelta + 12);
            extraFees.Add((long)(fee - policyFee));
            extraDeltas.Add(delta - policy.CltvExpiryDelta);
        }

        // The noise is there, and drawn afresh: not one value.
        Assert.True(extraFees.Distinct().Count() > 10, string.Join(",", extraFees));
        Assert.True(extraDeltas.Distinct().Count() > 4, string.Join(",", extraDeltas));
        Assert.Equal(net.InitialLocalTotal("e") + (6 * Amount), net["e"].LocalTotal);
        net.AssertEndsAgree();
    }

    [Fact]
    public async Task WithoutNoise_EveryRelayIsPaidExactlyItsPolicy()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);

        var result = await net.RunUntil(Payer(net, PrivacyOptions.None).PayAsync(Request(invoice, "d")));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        foreach (var v in net.Log.Named(NodeLogEvents.HopView.Name!).Where(v => (string?)v["Role"] == "relay"))
        {
            var policy = SwitchHarness.PolicyOf(v.Node![0] - 'a');
            var amountOut = Convert.ToUInt64(v["AmountOutMsat"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(policy.FeeBaseMsat + (amountOut * policy.FeeProportionalMillionths / 1_000_000), Convert.ToUInt64(v["AmountInMsat"], System.Globalization.CultureInfo.InvariantCulture) - amountOut);
        }
    }
}
