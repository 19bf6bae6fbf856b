using LnRelay.Node.Logging;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Linkability;
using LnRelay.Sphinx.Ptlc;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests;

/// <summary>
/// Point-locked multi-part payments over real nodes (docs/ptlc.md, "Multi-part payments";
/// docs/mpp.md): every part draws fresh tweaks, so no two parts share a lock on any channel;
/// the payee groups them by the payee point Z it recovers from each part's final payload (never
/// on the wire to a relay), checks each part's payment_secret, and settles each part with its own
/// scalar. alice reaches dave through bob and through carol, neither of which carries the whole amount.
/// </summary>
public sealed class PointLockMultiPartTests
{
    private const ulong Side = 6_000_000_000;

    /// <summary>More than alice holds on either channel: it must go in parts.</summary>
    private const ulong PointAmount = 8_000_000_000;

    /// <summary>The hash-locked payment for contrast: more than alice has left on either channel.</summary>
    private const ulong HashAmount = 3_000_000_000;

    [Fact]
    public async Task A_point_locked_payment_in_parts_settles_each_part_with_its_own_scalar_and_the_identifier_linker_links_none_of_its_parts()
    {
        await using var net = await TestNetwork.StartAsync(
            ["alice", "bob", "carol", "dave"],
            [
                new TestChannel("alice", "bob", 2 * Side, Side),
                new TestChannel("alice", "carol", 2 * Side, Side),
                new TestChannel("bob", "dave", 4 * Side, 2 * Side),
                new TestChannel("carol", "dave", 4 * Side, 2 * Side),
            ]);
        await net.WaitConnectedAsync();

        var point = await net.PayAsync("alice", "dave", PointAmount, lockKind: "point");

        Assert.True("succeeded" == point.GetProperty("status").GetString(), point.ToString());
        Assert.Equal("point", point.GetProperty("lock").GetString());
        var parts = point.GetProperty("parts").EnumerateArray().ToList();
        Assert.True(parts.Count >= 2, point.ToString());
        Assert.All(parts, p => Assert.Equal("settled", p.GetProperty("outcome").GetString()));
        Assert.Equal(["bob", "carol"], parts.Select(p => p.GetProperty("route")[1].GetString()!).Distinct().Order());
        Assert.Equal(PointAmount, parts.Aggregate(0UL, (s, p) => s + p.GetProperty("amount_msat").GetUInt64()));
        // The proof is the payee's z: z·G = Z, recovered from a part's own scalar.
        var payeePoint = point.GetProperty("payment_hash").GetString()!;
        Assert.True(PointLock.Opens(Convert.FromHexString(point.GetProperty("preimage").GetString()!), Convert.FromHexString(payeePoint)));
        await Eventually.TrueAsync(net.ChannelsAgreeAsync, "both ends of every channel agree, with nothing in flight");
        var dave = (await net.ChannelsAsync("dave")).EnumerateArray().Aggregate(0UL, (s, c) => s + c.GetProperty("local_balance_msat").GetUInt64());
        Assert.Equal((4 * Side) + PointAmount, dave);

        // For contrast, a hash-locked payment in parts over the same two routes.
        var hash = await net.PayAsync("alice", "dave", HashAmount);
        Assert.True("succeeded" == hash.GetProperty("status").GetString(), hash.ToString());
        Assert.Equal(["bob", "carol"], hash.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("route")[1].GetString()!).Distinct().Order());

        await net.StopAllAsync();
        var logs = NetworkLogs.FromFolder(net.Root).Logs!;
        var events = logs.Events.ToList();
        // What the relays and the payee saw (the colluders: everyone but the payer), and the identifier linker's claims.
        var observations = ObservationReader.Read(events.Where(e => e.Node != "alice"), out _);
        var pointSeen = observations.Where(o => o.Identifiers.Any(id => id.Length == 2 * PointLock.Size)).ToList();
        var hashSeen = observations.Where(o => o.Identifiers.Contains(hash.GetProperty("payment_hash").GetString()!)).ToList();
        Assert.NotEmpty(pointSeen);

        // The truth, part by part, from the payer's own origin events (one per part, listing every hop's lock).
        var origins = events.Where(e => e.Is(KnowledgeNames.HopView) && e.Text(LogFields.Role) == KnowledgeNames.OriginRole).ToList();
        var pointParts = origins.Select(ObservationReader.Locks).Where(l => l.Any(id => id.Length == 2 * PointLock.Size)).Select(l => l.ToList()).ToList();
        Assert.Equal(parts.Count, pointParts.Count);
        // Fresh tweaks per part: no lock appears in two parts.
        Assert.Equal(pointParts.Sum(l => l.Count), pointParts.SelectMany(l => l).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var truth = PaymentTruth.FromPairs(pointParts.SelectMany((locks, k) => locks.Select(l => (l, $"part {k}"))));

        var pointClaims = IdentifierLinker.Link(pointSeen);
        var crossing = pointClaims.Where(c => truth.PaymentOf(c.Upstream) != truth.PaymentOf(c.Downstream)).ToList();
        Assert.True(crossing.Count == 0, $"the identifier linker linked {crossing.Count} pair(s) of different parts: {string.Join("; ", crossing.Select(c => $"{c.Upstream.Node}/{c.Downstream.Node}"))}");
        Assert.DoesNotContain(pointClaims, c => (c.Upstream.Node, c.Downstream.Node) is ("bob", "carol") or ("carol", "bob"));

        // With hash locks the same linker links the parts on the two routes at once: bob's and carol's views share the hash.
        Assert.Contains(IdentifierLinker.Link(hashSeen), c => (c.Upstream.Node, c.Downstream.Node) is ("bob", "carol") or ("carol", "bob"));

        // The knowledge report lists every part and says what links them: the hash for hash locks, only the heuristic for point locks.
        var pointReport = KnowledgeReportBuilder.Build(logs, payeePoint).Report!;
        Assert.Equal(parts.Count, pointReport.Parts!.Parts.Count);
        Assert.Equal(PartsKnowledge.PointLinkageStatement, pointReport.Parts.Linkage);
        var hashReport = KnowledgeReportBuilder.Build(logs, hash.GetProperty("payment_hash").GetString()!).Report!;
        Assert.Equal(PartsKnowledge.LinkageStatement, hashReport.Parts!.Linkage);
    }
}
