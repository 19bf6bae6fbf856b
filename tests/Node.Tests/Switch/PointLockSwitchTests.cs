using LnRelay.Crypto;
using LnRelay.Node.Invoices;
using LnRelay.Node.Logging;
using LnRelay.Node.Payments;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Ptlc;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// lnrelay-experimental point-locked payments (docs/ptlc.md) through real switches: every hop
/// sees a different lock, settlement checks hold, the payer gets z as proof, money moves as for
/// an HTLC; a wrong scalar is refused, and a next hop without point locks is unknown_next_peer.
/// </summary>
public sealed class PointLockSwitchTests
{
    private const ulong Amount = 1_500_000;

    private static Payer Payer(SwitchHarness net, string origin) =>
        new(net[origin].Switch, new LnRelay.Node.Routing.PayerGraph(net.Graph), net.SessionKeys, new PaymentStore(), net.Time, net.Log.For(origin));

    private static PaymentRequest Request(Invoice invoice, string payee) =>
        new(payee, invoice.AmountMsat, invoice.PaymentHash, invoice.PaymentSecret, invoice.MinFinalCltvExpiryDelta);

    private static Invoice PointInvoice(SwitchHarness net, string payee) =>
        net[payee].Invoices.Create(Amount, TimeSpan.FromHours(1), SwitchHarness.MinFinalDelta, "ptlc test", pointLock: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task APointLockedPayment_SettlesWithZ_MovesTheSameMoney_AndEveryHopSawADifferentLock(int hops)
    {
        var net = SwitchHarness.Line(5);
        net.AfterEachDelivery = net.AssertInvariants;
        var payee = ((char)('a' + hops)).ToString();
        var invoice = PointInvoice(net, payee);
        Assert.True(invoice.IsPointLocked);

        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, payee)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal("point", result.Lock);
        Assert.True(PointLock.Opens(Convert.FromHexString(result.Preimage!), invoice.PaymentHash), "the payer's proof z opens Z");
        Assert.Equal(net.InitialLocalTotal(payee) + Amount, net[payee].LocalTotal);
        Assert.Equal(net.InitialLocalTotal("a") - Amount - result.FeeMsat!.Value, net["a"].LocalTotal);
        net.AssertEndsAgree();
        Assert.All(net.Nodes, n => Assert.Equal(0, n.HtlcsInFlight));

        // Every hop logged a point lock; the locks received are all different and none is Z.
        var views = net.Log.Named(NodeLogEvents.HopView.Name!).Where(v => v.Node != "a").ToList();
        Assert.Equal(hops, views.Count);
        Assert.All(views, v => Assert.Equal("point", v["LockKind"]));
        var locks = views.Select(v => (string)v["LockIn"]!).ToList();
        Assert.Equal(hops, locks.Distinct().Count());
        Assert.DoesNotContain(invoice.PaymentHashHex, locks);

        // A relay's outgoing lock is the next hop's incoming one; the origin lists them all.
        foreach (var relay in views.Where(v => (string?)v["Role"] == "relay"))
        {
            Assert.Contains((string)relay["LockOut"]!, locks);
            Assert.NotEqual(relay["LockIn"], relay["LockOut"]);
        }

        var origin = Assert.Single(net.Log.Named(NodeLogEvents.HopView.Name!, "a"));
        Assert.Equal(invoice.PaymentHashHex, origin["PaymentHash"]);
        Assert.Contains((string)origin["LockOut"]!, locks);
        Assert.Equal(locks.Order(StringComparer.Ordinal), ((string)origin["Locks"]!).Split(',').Order(StringComparer.Ordinal));
        Assert.Empty(net.WarningsFrom("a").Concat(net.Nodes.SelectMany(n => net.WarningsFrom(n.Name))));
    }

    [Fact]
    public async Task AHashPayment_StillLogsHashLocks_OneForEveryHop()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, "c")));
        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal("hash", result.Lock);
        var views = net.Log.Named(NodeLogEvents.HopView.Name!);
        Assert.All(views, v => Assert.Equal("hash", v["LockKind"]));
        Assert.All(views, v => Assert.Equal(invoice.PaymentHashHex, v["LockIn"] ?? v["LockOut"]));
    }

    [Fact]
    public async Task AWrongScalar_IsRefusedByTheFirstHopThatSeesIt_AndChangesNothing()
    {
        var net = SwitchHarness.Line(3);
        var invoice = PointInvoice(net, "c");
        var payment = Payer(net, "a").PayAsync(Request(invoice, "c"));

        // Deliver the offers only, then have c "settle" b's PTLC with a scalar that does not open it.
        while (net.DeliverNext("a", "b") || net.DeliverNext("b", "c"))
        {
        }

        var pending = Assert.Single(net.Queued("c", "b"));
        var honest = Assert.IsType<UpdateFulfillPtlcMessage>(pending.Message);
        net.Drop("c", "b");
        var wrong = honest.Scalar.ToArray();
        Assert.True(CurveArithmetic.TryAddScalars(wrong, Enumerable.Repeat((byte)1, 32).ToArray(), wrong));
        var before = net.Snapshot();
        net.Inject("c", "b", new UpdateFulfillPtlcMessage(honest.ChannelId, honest.HtlcId, wrong));
        Assert.True(net.DeliverNext("c", "b"));

        var warning = Assert.Single(net.WarningsFrom("b"));
        Assert.Equal("c", warning.To);
        Assert.Contains("scalar*G is not the lock point", ((WarningMessage)warning.Message).DataText, StringComparison.Ordinal);
        Assert.Single(net["b"].ChannelTo("c").Offered);
        Assert.Empty(net.Queued("b", "a"));

        // The honest scalar still settles everything.
        net.Inject("c", "b", honest);
        var result = await net.RunUntil(payment);
        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.NotEqual(before, net.Snapshot());
    }

    [Fact]
    public async Task ANextHopWithoutPointLocks_IsUnknownNextPeer_AndThePaymentFailsCleanly()
    {
        var net = SwitchHarness.Line(3);
        net.WithoutPointLocks.Add("c");
        var invoice = PointInvoice(net, "c");

        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, "c")));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal((int)FailureCode.UnknownNextPeer, result.Attempts[0].Failure!.Code);
        Assert.Equal("b", result.Attempts[0].Failure!.Node);
        Assert.All(net.Nodes, n => Assert.Equal(net.InitialLocalTotal(n.Name), n.LocalTotal));
        Assert.Contains(net.Log.Named(NodeLogEvents.HtlcFailed.Name!, "b"), e => e.Message.Contains("no_point_locks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFirstPeerWithoutPointLocks_FailsTheAttemptLocally()
    {
        var net = SwitchHarness.Line(2);
        net.WithoutPointLocks.Add("b");
        var invoice = PointInvoice(net, "b");
        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, "b")));
        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal("no_point_locks", result.Attempts[0].Failure!.LocalCause?.Name());
    }

    [Fact]
    public void AnUpdateAddPtlcWhoseLockIsNotAPoint_IsAProtocolViolation()
    {
        var net = SwitchHarness.Line(2);
        var channel = net["a"].ChannelTo("b");
        var notAPoint = new byte[33];
        notAPoint[0] = 0x02;
        Array.Fill(notAPoint, (byte)0xff, 1, 32);
        net.Inject("a", "b", new UpdateAddPtlcMessage(channel.ChannelId, 0, 10_000, notAPoint, SwitchHarness.StartHeight + 100, new byte[MessageSizes.OnionRoutingPacket]));
        Assert.True(net.DeliverNext("a", "b"));
        Assert.Single(net.WarningsFrom("b"));
        Assert.Empty(net["b"].ChannelTo("a").Received);
    }
}
