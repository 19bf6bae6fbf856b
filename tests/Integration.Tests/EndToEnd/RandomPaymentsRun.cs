using System.Globalization;
using LnRelay.Node.Network;
using LnRelay.Tests.Shared;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// Hundreds of seeded random payments on a ten-node ring with a chord with random policies and
/// balances (so many routes exist and the cheapest one varies), a few at a time: random
/// payer and payee, random amounts (some too large for some channels, so the payer
/// retries or gives up), some with a wrong secret or an unknown hash. Runs once per
/// test class; records every result, the ledger before and after, and every node's log
/// after the nodes have stopped (so the logs are complete).
/// <para>The seed is <see cref="DefaultSeed"/>, or LNRELAY_TEST_SEED; every failure message names it.</para>
/// </summary>
public sealed class RandomPaymentsRun : IAsyncLifetime
{
    public const int DefaultSeed = 8_2026;
    public const int Payments = 300;
    private const int AtOnce = 8;
    private const long Capacity = 2_000_000_000;
    private static readonly string[] Names = ["alice", "bob", "carol", "dave", "eve", "frank", "grace", "heidi", "ivan", "judy"];

    /// <summary>
    /// A ring of ten with one chord: every pair has at least two routes (both ways round),
    /// and almost half the pairs are three or more hops apart, so that many relays have
    /// neither end of the payment as a neighbour (where the audit has something to find).
    /// </summary>
    private static readonly (string A, string B)[] Pairs = [.. Names.Zip(Names.Skip(1).Append(Names[0])), ("alice", "frank")];

    private TestNetwork? _net;

    public int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("LNRELAY_TEST_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    internal IReadOnlyList<PaymentOutcome> Results { get; private set; } = [];

    internal NetworkLedger? Before { get; private set; }

    internal NetworkLedger? After { get; private set; }

    internal IReadOnlyList<ChannelDto> Channels => _net!.Channels;

    internal IReadOnlyDictionary<string, IReadOnlyList<string>> Logs { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    internal IReadOnlyDictionary<string, string> NodeIds { get; private set; } = new Dictionary<string, string>();

    public string Describe => $"seed {Seed} (set LNRELAY_TEST_SEED={Seed} to replay the same plan)";

    public async Task InitializeAsync()
    {
        var random = new Random(Seed);
        var channels = Pairs.Select(p => new TestChannel(p.A, p.B, (ulong)Capacity, (ulong)random.NextInt64(Capacity / 5, Capacity * 4 / 5))
        {
            APolicy = RandomPolicy(random),
            BPolicy = RandomPolicy(random),
        }).ToArray();
        var plan = Enumerable.Range(0, Payments).Select(_ => Plan(random)).ToList();

        _net = await TestNetwork.StartAsync(Names, channels);
        await _net.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        NodeIds = Names.ToDictionary(n => n, _net.NodeId, StringComparer.Ordinal);
        Before = await NetworkLedger.ReadAsync(_net);

        var results = new PaymentOutcome[plan.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Count), new ParallelOptions { MaxDegreeOfParallelism = AtOnce }, async (i, _) =>
        {
            var (from, to, amount, tamper) = plan[i];
            // Single-HTLC payments: this run audits what each hop of one route knows and each failure
            // kind a route meets; a payment too large for any route must fail, not split (MultiPartTests split).
            var answer = await _net.PayAsync(from, to, amount, tamper, maxParts: 1);
            var hash = answer.GetProperty("payment_hash").GetString()!;
            results[i] = PaymentOutcome.Of(from, to, answer.GetProperty("status").GetString() == "in_flight" ? await _net.WaitForPaymentAsync(from, hash, TimeSpan.FromSeconds(60)) : answer);
        });
        Results = results;
        After = await NetworkLedger.ReadAsync(_net);

        // Stopping flushes every log; then they are complete and read once.
        await _net.StopAllAsync();
        Logs = Names.ToDictionary(n => n, n => (IReadOnlyList<string>)[.. _net.ReadLog(n)], StringComparer.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_net is not null)
        {
            await _net.DisposeAsync();
        }
    }

    private static PolicyDto RandomPolicy(Random random) => new()
    {
        FeeBaseMsat = (uint)random.Next(0, 3_000),
        FeeProportionalMillionths = (uint)random.Next(0, 2_000),
        CltvExpiryDelta = (ushort)random.Next(18, 80),
    };

    private static (string From, string To, ulong AmountMsat, InvoiceTamper Tamper) Plan(Random random)
    {
        var from = Names[random.Next(Names.Length)];
        var to = Names.Where(n => n != from).ElementAt(random.Next(Names.Length - 1));
        var amount = random.Next(10) == 0
            ? (ulong)random.NextInt64(Capacity / 4, Capacity * 3 / 4)
            : (ulong)random.NextInt64(1_000, 2_000_000);
        var tamper = random.Next(20) switch
        {
            0 => InvoiceTamper.WrongSecret,
            1 => InvoiceTamper.UnknownHash,
            _ => InvoiceTamper.None,
        };
        return (from, to, amount, tamper);
    }
}
