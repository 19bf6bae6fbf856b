using Xunit.Abstractions;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// What must hold after hundreds of random payments on random routes (see
/// <see cref="RandomPaymentsRun"/>): no relay or payee logged more than its neighbours,
/// and every millisatoshi is where the successful payments put it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RandomPaymentsTests(RandomPaymentsRun run, ITestOutputHelper output) : IClassFixture<RandomPaymentsRun>
{
    [Fact]
    public void The_runs_routes_are_varied_enough_to_audit_with_successes_and_each_kind_of_failure()
    {
        var succeeded = run.Results.Where(r => r.Succeeded).ToList();
        output.WriteLine(
            $"{run.Describe}: {succeeded.Count} of {run.Results.Count} succeeded over {succeeded.Select(r => string.Join(">", r.Route!)).Distinct().Count()} distinct routes " +
            $"({string.Join(", ", succeeded.GroupBy(r => r.Route!.Count - 1).OrderBy(g => g.Key).Select(g => $"{g.Count()} of {g.Key} hop(s)"))}); {run.Results.Count(r => r.Attempts.Count > 1)} retried; failures: " +
            string.Join(", ", run.Results.Where(r => !r.Succeeded).GroupBy(r => r.Failure!.Name).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(succeeded.Count >= RandomPaymentsRun.Payments / 2, $"{run.Describe}: only {succeeded.Count} of {run.Results.Count} succeeded");
        Assert.True(succeeded.Select(r => string.Join(">", r.Route!)).Distinct().Count() >= 30, $"{run.Describe}: too few distinct routes");
        // Relays with neither end of the payment as a neighbour: routes of three hops or more.
        var longRoutes = succeeded.Count(r => r.Route!.Count - 1 >= 3);
        Assert.True(longRoutes >= succeeded.Count / 4 && succeeded.Any(r => r.Route!.Count - 1 >= 4), $"{run.Describe}: only {longRoutes} successful routes of three hops or more");
        Assert.Contains(run.Results, r => r.Attempts.Count > 1);
        Assert.Contains(run.Results, r => r.Failure?.Name == "incorrect_or_unknown_payment_details");
    }

    [Fact]
    public void No_relay_or_payee_logs_anything_of_a_payment_but_its_own_neighbours()
    {
        var findings = new List<string>();
        var audited = 0;
        foreach (var paid in run.Results)
        {
            var payment = new AuditedPayment(paid.Hash, paid.From, paid.To, [.. paid.Attempts.Select(a => a.Route)]);
            findings.AddRange(KnowledgeAuditor.Audit(payment, run.Logs, run.NodeIds, out var events));
            audited += events;
        }

        Assert.True(findings.Count == 0, $"{run.Describe}: {findings.Count} finding(s):\n{string.Join("\n", findings.Take(20))}");

        // Every payment that reached a relay or the payee left events to audit: at least one per node past the origin on each attempt's route up to where it failed.
        Assert.True(audited >= run.Results.Count(r => r.Succeeded) * 2, $"{run.Describe}: only {audited} events carried a payment hash");
    }

    [Fact]
    public void Money_is_conserved_each_payer_paid_exactly_amount_plus_fees_and_no_htlc_is_left()
    {
        var fees = new RouteFees(run.Channels);
        Assert.All(run.Results.Where(r => r.Succeeded), paid => Assert.True(fees.TotalFee(paid.Route!, paid.AmountMsat) == paid.FeeMsat, $"{run.Describe}: the payer's fee differs from the policies' for {paid}"));

        run.After!.AssertConservedSince(run.Before!, fees.Deltas(run.Results), $"{run.Describe}: ");
    }
}
