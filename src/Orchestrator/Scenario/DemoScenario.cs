using LnRelay.Node.Api;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Scenario;

/// <summary>
/// The demo's script over topologies/five-node.yaml (docs/demo.md): successes over one to
/// four hops and concurrent ones, then one deliberate failure of each kind, each of
/// which must reach the payer as its BOLT 4 failure from the right hop, then a payment
/// through a blinded path and a failure inside one (docs/blinded-paths.md). Routes follow
/// from the topology's policies: the main line alice-bob-carol-dave-eve is cheap,
/// bob-dave is expensive, the closed bob-eve is the cheapest of all.
/// </summary>
internal static class DemoScenario
{
    public const ulong Amount = 100_000;

    /// <summary>The payment whose knowledge table the demo prints: the first of this step.</summary>
    public const string KnowledgeStep = "4 hops";

    /// <summary>The same route as <see cref="KnowledgeStep"/>, point-locked (docs/ptlc.md): its knowledge table is printed beside the first one's.</summary>
    public const string PointLockStep = "4 hops, point lock";

    public static IReadOnlyList<ScenarioStep> Steps { get; } =
    [
        new("1 hop", "alice", "bob", Amount, ExpectedOutcome.Succeeds(1)) { Count = 2 },
        new("2 hops", "alice", "carol", Amount, ExpectedOutcome.Succeeds(2)) { Count = 2 },
        new("3 hops", "alice", "dave", Amount, ExpectedOutcome.Succeeds(3)) { Count = 2 },
        new(KnowledgeStep, "eve", "alice", Amount, ExpectedOutcome.Succeeds(4)) { Count = 2 },
        new(PointLockStep, "eve", "alice", Amount, ExpectedOutcome.Succeeds(4)) { Lock = "point" },
        new("2 hops back", "eve", "carol", Amount, ExpectedOutcome.Succeeds(2)),
        new("over bob-dave", "bob", "eve", Amount, ExpectedOutcome.Succeeds(2)),
        new("4 at once", "alice", "dave", Amount, ExpectedOutcome.Succeeds(3)) { Count = 4, Concurrent = true },

        // The payer's graph still has the closed bob-eve: bob cannot forward over it.
        new("closed channel", "alice", "eve", Amount, ExpectedOutcome.RetriesThenSucceeds("unknown_next_peer", 0, "bob", 4)),

        // carol raises her fee on carol->dave: the payer learns it from the failure's channel_update and retries.
        new("fee raised", "alice", "dave", Amount, ExpectedOutcome.RetriesThenSucceeds("fee_insufficient", 1, "carol", 3))
        {
            Before = (n, ct) => PatchCarolDaveAsync(n, new PolicyPatch(5_000, 1_000, null, null, null, null), ct),
            After = RestoreCarolDaveAsync,
        },

        // carol raises her cltv_expiry_delta on carol->dave: the same, for expiries.
        new("delta raised", "alice", "dave", Amount, ExpectedOutcome.RetriesThenSucceeds("incorrect_cltv_expiry", 1, "carol", 3))
        {
            Before = (n, ct) => PatchCarolDaveAsync(n, new PolicyPatch(null, null, 80, null, null, null), ct),
            After = RestoreCarolDaveAsync,
        },

        // carol holds 1 M sat towards dave: 2 M sat cannot pass; the payer goes round over bob-dave.
        new("no balance", "alice", "dave", 2_000_000_000, ExpectedOutcome.RetriesThenSucceeds("temporary_channel_failure", 1, "carol", 2)),

        new("wrong secret", "alice", "carol", Amount, ExpectedOutcome.Fails("incorrect_or_unknown_payment_details", 1, "carol")) { Tampering = InvoiceTampering.WrongSecret },
        new("unknown hash", "alice", "dave", Amount, ExpectedOutcome.Fails("incorrect_or_unknown_payment_details", 2, "dave")) { Tampering = InvoiceTampering.UnknownHash },

        // bob corrupts every onion he forwards: the next hop answers update_fail_malformed_htlc,
        // bob turns it into invalid_onion_hmac. Every route from alice goes through bob, so the
        // payer's other tries fail too (how, depends on the route) and the payment fails.
        new("corrupt onion", "alice", "carol", Amount, new ExpectedOutcome(PaymentStatus.Failed, new ExpectedFailure("invalid_onion_hmac", 0, "bob", FailureAttempt.First), null))
        {
            Before = (n, ct) => n.Client("bob").PutAsync<object>("/v1/faults", new FaultsRequest(true, null, null, null), ct),
            After = (n, ct) => n.Client("bob").PutAsync<object>("/v1/faults", new FaultsRequest(false, null, null, null), ct),
        },
        new("fault cleared", "alice", "carol", Amount, ExpectedOutcome.Succeeds(2)),

        // Route blinding (docs/blinded-paths.md): eve publishes carol -> dave -> eve plus one dummy hop
        // instead of her id; alice routes to carol (2 clear hops) and sees 4 blinded hops.
        new(BlindedStep, "alice", "eve", Amount, ExpectedOutcome.Succeeds(2)) { Blinded = BlindedPath },

        // dave, deep inside the path, refuses: alice learns only invalid_onion_blinding from carol.
        new("blinded failure", "alice", "eve", Amount, ExpectedOutcome.Fails("invalid_onion_blinding", 1, "carol"))
        {
            Blinded = BlindedPath,
            Before = (n, ct) => n.Client("dave").PutAsync<object>("/v1/faults", new FaultsRequest(null, null, null, true), ct),
            After = (n, ct) => n.Client("dave").PutAsync<object>("/v1/faults", new FaultsRequest(null, null, null, false), ct),
        },

        // Multi-part payments (docs/mpp.md), last because they move most of bob's side of bob-dave.
        // 3.5 M sat from bob to dave: more than any one route carries (bob holds about 3 M sat on
        // bob-dave, carol 1 M sat towards dave), so bob splits it over bob>dave and bob>carol>dave. First a
        // set that times out: carol holds back every part she forwards for 4 s, dave holds a set
        // for 2 s; the parts that reached dave fail with mpp_timeout, the late one too, nothing is paid.
        new(MppTimeoutStep, "bob", "dave", MppAmount, ExpectedOutcome.TimesOutInParts("dave"))
        {
            Split = MppSplit,
            Before = async (n, ct) =>
            {
                await n.Client("dave").PutAsync<object>("/v1/mpp", new MppRequest(2), ct);
                await n.Client("carol").PutAsync<object>("/v1/faults", new FaultsRequest(null, 4_000, null, null), ct);
            },
            After = async (n, ct) =>
            {
                await n.Client("carol").PutAsync<object>("/v1/faults", new FaultsRequest(null, 0, null, null), ct);
                await n.Client("dave").PutAsync<object>("/v1/mpp", new MppRequest(60), ct);
            },
        },

        // The same payment with the fault cleared: it settles in parts over both routes.
        new(MppStep, "bob", "dave", MppAmount, ExpectedOutcome.SettlesInParts()) { Split = MppSplit },
    ];

    /// <summary>
    /// The multi-part steps' amount: 3.5 M sat. By then bob holds about 3 M sat on bob-dave (the
    /// "no balance" step moved 2 M sat to dave) and carol about 1 M sat towards dave: no single
    /// route carries it, both together do.
    /// </summary>
    public const ulong MppAmount = 3_500_000_000;

    public const string MppStep = "mpp";

    public const string MppTimeoutStep = "mpp timeout";

    /// <summary>Parts no smaller than 100,000 sat: a few parts, each worth reading in the table.</summary>
    private static PaymentSplit MppSplit => new(MinPartMsat: 100_000_000);

    /// <summary>The blinded payment whose knowledge table the demo also prints.</summary>
    public const string BlindedStep = "blinded";

    /// <summary>What eve asks for: carol introduces, dave relays, eve receives, then one dummy hop.</summary>
    private static BlindedAsk BlindedPath => new(Hops: 2, DummyHops: 1, IntroductionNode: "carol");

    public static int PaymentCount => Steps.Sum(s => s.Count);

    /// <summary>
    /// What the scenario needs that a network lacks (its payers and payees, the carol-dave
    /// channel whose policy it changes), or null when it can run there.
    /// </summary>
    public static string? Missing(NetworkDescription network) =>
        Missing(network.Nodes.Select(n => n.Name), (a, b) => network.Channels.Any(c => c.Involves(a) && c.Involves(b)));

    /// <inheritdoc cref="Missing(NetworkDescription)"/>
    public static string? Missing(IEnumerable<string> nodes, Func<string, string, bool> hasChannel)
    {
        var present = nodes.ToHashSet(StringComparer.Ordinal);
        var absent = Steps.SelectMany(s => new[] { s.From, s.To }).Distinct(StringComparer.Ordinal).Where(n => !present.Contains(n)).ToList();
        if (absent.Count > 0)
        {
            return $"the nodes {string.Join(", ", absent)}";
        }

        return hasChannel("carol", "dave") ? null : "a channel between carol and dave";
    }

    private static string CarolDaveScid(RunningNetwork network) =>
        network.Folder.Network.Channels.Single(c => c.Involves("carol") && c.Involves("dave")).ShortChannelId.ToString();

    private static async Task PatchCarolDaveAsync(RunningNetwork network, PolicyPatch patch, CancellationToken ct) =>
        await network.Client("carol").PatchAsync<object>($"/v1/channels/{CarolDaveScid(network)}/policy", patch, ct);

    /// <summary>Back to the topology's policy, so later payments are routed with what every graph says.</summary>
    private static Task RestoreCarolDaveAsync(RunningNetwork network, CancellationToken ct)
    {
        var p = network.Folder.Network.Channels.Single(c => c.Involves("carol") && c.Involves("dave")).PolicyFrom("carol");
        return PatchCarolDaveAsync(network, new PolicyPatch(p.FeeBaseMsat, p.FeeProportionalMillionths, p.CltvExpiryDelta, null, null, null), ct);
    }
}
