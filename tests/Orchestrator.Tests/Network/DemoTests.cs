using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Scenario;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>The demo end to end: five lnrelay-node child processes, the whole scenario, results.json checked against it.</summary>
[Collection(NetworkCollection.Name)]
public sealed class DemoTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("lnrelay-demo-test-").FullName, "demo");

    [Fact]
    public async Task TheDemo_EndsEveryPaymentAsTheScenarioExpects_AndWritesResultsAndLogs()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = new StringWriter();

        var exit = DemoCommand.Render(await DemoRun.RunAsync(_folder, inProcess: false, output, TextWriter.Null, cts.Token), output, TextWriter.Null);

        Assert.True(exit == 0, output.ToString());
        var results = ResultsFile.Read(Path.Combine(_folder, ResultsFile.FileName));
        Assert.Equal(DemoScenario.PaymentCount, results.Count);
        Assert.True(results.Count >= 20);
        Assert.All(results, r => Assert.True(r.Matched, $"{r.Step}: {r.Mismatch}"));
        Assert.Equal([1, 2, 3, 4], results.Where(r => r.Status == "succeeded" && r.Route is not null).Select(r => r.Route!.Count - 1).Distinct().Order());

        // Multi-part (docs/mpp.md): settled in parts over bob>dave and bob>carol>dave; and a set that timed out, nothing paid.
        var mpp = Assert.Single(results, r => r.Step == DemoScenario.MppStep);
        Assert.Equal(["bob>carol>dave", "bob>dave"], mpp.Parts.Where(p => p.Outcome == "settled").Select(p => string.Join(">", p.Route)).Distinct().Order());
        Assert.Equal(mpp.AmountMsat, mpp.Parts.Where(p => p.Outcome == "settled").Aggregate(0UL, (sum, p) => sum + p.AmountMsat));
        var timedOut = Assert.Single(results, r => r.Step == DemoScenario.MppTimeoutStep);
        Assert.Equal(("failed", "mpp_timeout"), (timedOut.Status, timedOut.Failure!.Name));
        Assert.Contains(timedOut.Parts, p => p.Failure?.Name == "mpp_timeout" && p.Failure.Node == "dave");
        string[] failures = ["unknown_next_peer", "fee_insufficient", "incorrect_cltv_expiry", "temporary_channel_failure", "incorrect_or_unknown_payment_details", "invalid_onion_hmac"];
        Assert.All(failures, f => Assert.Contains(results, r => r.FirstAttemptFailure?.Name == f || r.Failure?.Name == f));
        var hmac = Assert.Single(results, r => r.Step == "corrupt onion");
        Assert.Equal((0xc005, 0, "bob"), (hmac.FirstAttemptFailure!.Code, hmac.FirstAttemptFailure.Hop, hmac.FirstAttemptFailure.Node));
        Assert.All(new[] { "alice", "bob", "carol", "dave", "eve" }, n => Assert.True(new FileInfo(Path.Combine(_folder, n, "logs", n + ".jsonl")).Length > 0));
        Assert.Contains("eve    origin", output.ToString(), StringComparison.Ordinal);

        // The same route paid with each lock (docs/ptlc.md): a point lock proves payment with z, and
        // its knowledge table lists a different lock per hop and the point-lock limit.
        var point = Assert.Single(results, r => r.Step == DemoScenario.PointLockStep);
        Assert.Equal("point", point.Lock);
        Assert.Equal(66, point.PaymentHash.Length);
        Assert.All(results.Where(r => r.Step != DemoScenario.PointLockStep), r => Assert.Equal("hash", r.Lock));
        Assert.Contains("Every hop saw the same payment_hash", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Every hop saw a different lock point", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Locks (point-locked", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
}
