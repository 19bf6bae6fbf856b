using System.Text.Json;
using LnRelay.Node.Logging;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Experiment;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Tests.Linkability;

/// <summary>A small run of the seeded experiment with every mitigation on: payments still succeed, and the audit reads the run.</summary>
[Collection(NetworkCollection.Name)]
public sealed class LinkabilityExperimentTests
{
    [Fact]
    public async Task With_jitter_batching_shadow_cltv_and_payer_noise_every_payment_succeeds_and_the_hash_still_links_all_shared()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lnrelay-exp-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new ExperimentOptions
            {
                Payments = 12,
                Loads = [4],
                Mitigations = ["all"],
                JitterMs = 20,
                BatchMs = 10,
                ShadowBlocks = 30,
                Seed = 3,
                Out = dir,
                Json = true,
            };
            var output = new StringWriter();

            var exit = ExperimentCommand.Render(await LinkabilityExperiment.RunAsync(options, TextWriter.Null, CancellationToken.None), options.Json, output, TextWriter.Null);

            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(output.ToString());
            var row = Assert.Single(json.RootElement.GetProperty("rows").EnumerateArray());
            Assert.Equal(("all", 4, 0), (row.GetProperty("mitigation").GetString(), row.GetProperty("in_flight").GetInt32(), row.GetProperty("failed").GetInt32()));
            var bobDave = row.GetProperty("audits")[0];
            var identifier = bobDave.GetProperty("methods")[0];
            Assert.Equal("identifier", identifier.GetProperty("method").GetString());
            Assert.Equal(identifier.GetProperty("payments_shared").GetInt32(), identifier.GetProperty("payments_linked").GetInt32());
            Assert.Equal(1.0, identifier.GetProperty("recall").GetDouble());

            // Shadow offsets: with the chain standing still, the payees' expiries differ only by them.
            var logs = NetworkLogs.FromFolder(Path.Combine(dir, "hash-all-4")).Logs!;
            var finals = logs.Events.Where(e => e.Is(KnowledgeNames.HopView) && e.Text(LogFields.Role) == KnowledgeNames.FinalRole).ToList();
            Assert.Equal(12, finals.Count);
            Assert.True(finals.Select(e => e.UInt64(LogFields.CltvIn)).Distinct().Count() > 1);

            // Payer noise: relays kept more than the default policy's fee (1000 msat + 100 ppm) and delta (40),
            // never less; each colluder set is audited by the policy linker and by the noise-aware one.
            var relays = logs.Events.Where(e => e.Is(KnowledgeNames.HopView) && e.Text(LogFields.Role) == KnowledgeNames.RelayRole).ToList();
            var extraFees = relays.Select(e => (long)(e.UInt64(LogFields.AmountInMsat)!.Value - e.UInt64(LogFields.AmountOutMsat)!.Value) - (long)(1_000 + (e.UInt64(LogFields.AmountOutMsat)!.Value * 100 / 1_000_000))).ToList();
            var extraDeltas = relays.Select(e => (long)e.UInt64(LogFields.CltvIn)!.Value - (long)e.UInt64(LogFields.CltvOut)!.Value - 40).ToList();
            Assert.All(extraFees, f => Assert.InRange(f, 0, (long)options.FeeNoiseMsat));
            Assert.All(extraDeltas, d => Assert.InRange(d, 0, options.CltvNoiseBlocks));
            Assert.True(extraFees.Distinct().Count() > 3 && extraDeltas.Distinct().Count() > 3);
            Assert.Equal(["policies", "policies+noise", "policies", "policies+noise"], row.GetProperty("audits").EnumerateArray().Select(a => a.GetProperty("linker").GetString()));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task With_point_locks_every_payment_succeeds_and_no_identifier_links_the_colluders_views()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lnrelay-exp-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new ExperimentOptions
            {
                Payments = 12,
                Loads = [4],
                Mitigations = ["none"],
                LockKinds = ["point"],
                Seed = 3,
                Out = dir,
                Json = true,
            };
            var output = new StringWriter();

            var exit = ExperimentCommand.Render(await LinkabilityExperiment.RunAsync(options, TextWriter.Null, CancellationToken.None), options.Json, output, TextWriter.Null);

            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(output.ToString());
            var row = Assert.Single(json.RootElement.GetProperty("rows").EnumerateArray());
            Assert.Equal(("point", 0), (row.GetProperty("lock").GetString(), row.GetProperty("failed").GetInt32()));
            var bobDave = row.GetProperty("audits")[0];
            var identifier = bobDave.GetProperty("methods")[0];
            Assert.Equal("identifier", identifier.GetProperty("method").GetString());
            Assert.True(identifier.GetProperty("payments_shared").GetInt32() > 0);
            Assert.Equal(0, identifier.GetProperty("payments_linked").GetInt32());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
