using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LnRelay.Sphinx.Ptlc;

namespace LnRelay.Sphinx.Tests.Ptlc;

/// <summary>
/// The test-only generator of tests/vectors/ptlc-vectors.json: lnrelay's own point-lock
/// vectors (no official ones exist). Every value follows from the seed by the rule of
/// <see cref="SeededScalarSourceForTests"/> in the draw order of <see cref="PtlcRouteRun.Prepare"/>.
/// To regenerate after a deliberate protocol change: <c>LNRELAY_WRITE_PTLC_VECTORS=1 dotnet test
/// tests/Sphinx.Tests --filter PtlcVector</c> (the file changes only with the protocol).
/// </summary>
internal static class PtlcVectorFile
{
    public const string Name = "ptlc-vectors.json";
    public const string SeedHex = "6c6e72656c61792d70746c632d766563746f72732d7631"; // "lnrelay-ptlc-vectors-v1"
    public const int HopCount = 4;

    public static string SourcePath([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "vectors", Name));

    public static PtlcRouteRun Run()
    {
        var run = PtlcRouteRun.Prepare(new SeededScalarSourceForTests(Convert.FromHexString(SeedHex)), HopCount);
        var recovered = run.Forward();
        Assert.Equal(run.PayeePoint, recovered);
        run.Settle();
        return run;
    }

    public static string Generate(PtlcRouteRun run)
    {
        static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
        var z = new byte[PointLock.ScalarSize];
        Assert.True(run.Plan.TryRecoverPayeeSecret(run.SettlementScalars[0], z));
        var n = run.Hops.Length;
        var y = new List<string> { Hex(run.Plan.PayerTweak) };
        y.AddRange(Enumerable.Range(0, n - 1).Select(k => Hex(run.Plan.RelayTweak(k))));

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("comment", "lnrelay-experimental point-locked payment (docs/ptlc.md); not a BOLT. Hops: payer (node 0), relays 1..n-1, recipient n. Onion hop k is node k+1.");
            json.WriteString("rule", "Every scalar is the next valid output of HMAC-SHA256(key = seed, msg = \"lnrelay-ptlc\" || u32be(counter)), counter from 0, invalid outputs skipped. Draw order: z, y_0..y_{n-1}, session_key, payment_secret, node private keys 1..n.");
            json.WriteString("seed", SeedHex);
            json.WriteNumber("hop_count", n);
            json.WriteString("z", Hex(run.Z));
            json.WriteString("Z", run.PayeePoint.ToHex());
            WriteArray(json, "y", y);
            json.WriteString("tweak_sum", Hex(run.Plan.TweakSum));
            WriteArray(json, "incoming_locks", Enumerable.Range(0, n).Select(k => run.Plan.IncomingLock(k).ToHex()));
            WriteArray(json, "relay_outgoing_locks", run.OutgoingLocks.Select(l => l.ToHex()));
            json.WriteString("session_key", Hex(run.SessionKey));
            json.WriteString("payment_secret", Hex(run.PaymentSecret));
            WriteArray(json, "node_private_keys", run.NodeKeys.Select(k =>
            {
                var secret = new byte[PointLock.ScalarSize];
                k.WriteSecret(secret);
                return Hex(secret);
            }));
            WriteArray(json, "node_ids", run.NodeKeys.Select(k => k.PublicKey.ToHex()));
            WriteArray(json, "payloads", run.Hops.Select(h => Hex(h.Payload.Span)));
            json.WriteString("onion", Hex(run.Onion.Packet));
            WriteArray(json, "incoming_onions", run.IncomingOnions.Select(o => Hex(o)));
            WriteArray(json, "settlement_scalars", run.SettlementScalars.Select(s => Hex(s)));
            json.WriteString("recovered_z", Hex(z));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
