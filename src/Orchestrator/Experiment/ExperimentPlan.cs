namespace LnRelay.Orchestrator.Experiment;

/// <summary>One payment of the plan: payer, payee, amount.</summary>
internal sealed record ExperimentPayment(string From, string To, ulong AmountMsat);

/// <summary>
/// The seeded plan every cell of the experiment sends: wallets drawn at random (payer ≠
/// payee), amounts <see cref="ExperimentOptions.BaseAmountMsat"/> ± 10 % in steps of
/// <see cref="ExperimentOptions.AmountStepMsat"/>. The same seed gives the same plan.
/// </summary>
internal static class ExperimentPlan
{
    public static IReadOnlyList<ExperimentPayment> Draw(int seed, int count, IReadOnlyList<string> wallets)
    {
        var random = new Random(seed);
        var steps = (long)(ExperimentOptions.BaseAmountMsat * ExperimentOptions.AmountSpread / ExperimentOptions.AmountStepMsat);
        var plan = new List<ExperimentPayment>(count);
        for (var i = 0; i < count; i++)
        {
            var a = random.Next(wallets.Count);
            var b = (a + 1 + random.Next(wallets.Count - 1)) % wallets.Count;
            var step = random.NextInt64(-steps, steps + 1);
            plan.Add(new ExperimentPayment(wallets[a], wallets[b], (ulong)((long)ExperimentOptions.BaseAmountMsat + (step * (long)ExperimentOptions.AmountStepMsat))));
        }

        return plan;
    }
}
