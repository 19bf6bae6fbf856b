using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Crypto;
using LnRelay.Crypto.Interop;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Bench;

/// <summary>What <c>bench onion</c> measured: the lines people read, and the same figures for scripts (microseconds, bytes).</summary>
internal sealed record BenchOnionReport(IReadOnlyList<string> Lines, JsonObject Figures);

/// <summary>
/// <c>lnrelay bench onion</c>: each operation is warmed up, then timed in batches; the
/// figure is the median batch's time per operation (<see cref="InterleavedTimer"/>: robust
/// to a shared, noisy machine).
/// The floor (<see cref="BenchNativeFloor"/>) is measured the same way, interleaved, in the same run.
/// The verb (Cli/BenchCommand) prints <see cref="BenchOnionReport.Lines"/> and, with --json, the figures.
/// </summary>
internal static class BenchOnion
{
    public static BenchOnionReport Measure()
    {
        var setup = BenchOnionSetup.Create();
        var peelBuffer = new byte[OnionPeeler.BufferSize];
        var failureMessage = FailureMessage.Create(FailureCode.TemporaryNodeFailure);
        using var floor = BenchNativeFloor.TryCreate(setup.FirstHopEphemeral, setup.BlindedBlob.Length - LnRelay.Crypto.KeySizes.AeadTag, out var unavailable);

        var operations = new List<(string Name, Action Call)>
        {
            ("peel", () => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, peelBuffer, parsePayload: false)),
            ("peel_parsed", () => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, peelBuffer)),
            ("peel_blinded", () => BlindedOnionPeeler.Peel(setup.BlindedRelayKey, setup.BlindedRelayPathKey, setup.AssociatedData, setup.BlindedRelayPacket, peelBuffer, null, 0)),
            ("unblind", () => BlindedHopReader.TryUnblind(setup.BlindedRelayKey, setup.BlindedRelayPathKey, setup.BlindedBlob, out _)),
            ("build5", () => OnionBuilder.TryCreateWithSessionKey(setup.SessionKey, setup.Route5, setup.AssociatedData, out _, out _)),
            ("build20", () => OnionBuilder.TryCreateWithSessionKey(setup.SessionKey, setup.Route20, setup.AssociatedData, out _, out _)),
            ("fail", () => FailurePacket.Create(setup.Secrets5[^1], failureMessage)),
            ("wrap", () => FailurePacket.Wrap(setup.Secrets5[0], setup.ReturnPacket)),
            ("decode_failure", () => FailurePacketDecoder.TryDecode(setup.ReturnPacket, setup.Secrets5, out _, out _)),
        };
        if (floor is not null)
        {
            operations.Add(("ecdh", floor.Ecdh));
            operations.Add(("pubkey_tweak", floor.PublicKeyTweak));
            operations.Add(("pubkey_create", floor.PublicKeyCreate));
            operations.Add(("seckey_tweak", floor.SecretTweak));
            operations.Add(("hmac1332", floor.Hmac1332));
            operations.Add(("hmac1332_dotnet", floor.Hmac1332DotNet));
            operations.Add(("chacha2600", floor.ChaCha2600));
            operations.Add(("pubkey_parse", floor.PublicKeyParse));
            operations.Add(("aead_blob", floor.AeadOpen));
        }

        var us = InterleavedTimer.Measure(operations);
        var allocBuffer = AllocatedPerCall(operations[0].Call);
        var allocConvenient = AllocatedPerCall(() => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, parsePayload: false));
        var allocBlinded = AllocatedPerCall(operations[2].Call);

        var report = new List<string>
        {
            Line("peel (caller buffer, payload not parsed)", us["peel"]),
            Line("peel (payload parsed)", us["peel_parsed"]),
            Line("peel of a blinded relay (blob decrypted)", us["peel_blinded"]),
            Line("unblind (ECDH, blob, next path key)", us["unblind"]),
            Line("build, 5 hops", us["build5"]),
            Line("build, 20 hops", us["build20"]),
            Line("fail (create, 256-byte pad)", us["fail"]),
            Line("wrap", us["wrap"]),
            Line("decode-failure (5 hops, 27 rounds)", us["decode_failure"]),
            string.Create(CultureInfo.InvariantCulture, $"bytes allocated per peel: {allocBuffer} with a caller buffer, {allocConvenient} allocating its own"),
            string.Create(CultureInfo.InvariantCulture, $"bytes allocated per blinded relay peel (caller buffer): {allocBlinded}"),
        };

        var result = new JsonObject
        {
            ["peel_us"] = Round(us["peel"]),
            ["peel_blinded_us"] = Round(us["peel_blinded"]),
            ["build5_us"] = Round(us["build5"]),
            ["build20_us"] = Round(us["build20"]),
            ["fail_us"] = Round(us["fail"]),
            ["wrap_us"] = Round(us["wrap"]),
            ["decode_failure_us"] = Round(us["decode_failure"]),
            ["peel_alloc_bytes"] = allocBuffer,
            ["peel_blinded_alloc_bytes"] = allocBlinded,
        };

        if (floor is null)
        {
            report.Add($"floor: not measured ({unavailable})");
        }
        else
        {
            AddFloor(us, report, result);
        }

        return new BenchOnionReport(report, result);
    }

    private static void AddFloor(Dictionary<string, double> us, List<string> report, JsonObject result)
    {
        // A peel: one ECDH, one point tweak (next ephemeral key), one HMAC over 1332 bytes, 2600 bytes of stream.
        // Parsing the packet's ephemeral key (a square root) is also unavoidable but left out, as the
        // goal defines the floor; it is printed beside it to explain most of the remaining gap.
        var peelFloor = us["ecdh"] + us["pubkey_tweak"] + us["hmac1332"] + us["chacha2600"];

        // A build, per hop: E_i = e_i·G, one ECDH, one scalar tweak, one HMAC over 1332 bytes, and up to
        // 2600 bytes of stream (1300 for the layer, up to 1300 for the filler); plus the 1300-byte pad stream.
        var perHop = us["pubkey_create"] + us["ecdh"] + us["seckey_tweak"] + us["hmac1332"] + us["chacha2600"];
        var build5Floor = (5 * perHop) + (us["chacha2600"] / 2);
        var build20Floor = (20 * perHop) + (us["chacha2600"] / 2);

        // A blinded relay's peel (docs/blinded-paths.md): the peel's floor plus one ECDH (ss_i with the
        // path key) and one AEAD (the blob): the goal's floor. It cannot avoid two more calls either:
        // the scalar tweak k_i -> b_i and the point tweak for the next path key; the full floor adds them.
        var blindedFloor = peelFloor + us["ecdh"] + us["aead_blob"];
        var blindedFullFloor = blindedFloor + us["seckey_tweak"] + us["pubkey_tweak"];

        // The floor's HMAC is made by the same OpenSSL low-level calls as the peel's (since session 7,
        // docs/performance.md "The peel against its floor"); the floor with .NET's one-shot HMAC, which it
        // used before, is printed beside it so that the two can be compared in one run.
        var dotNetHmacExtra = us["hmac1332_dotnet"] - us["hmac1332"];
        var peelFloorDotNet = peelFloor + dotNetHmacExtra;
        var build20FloorDotNet = build20Floor + (20 * dotNetHmacExtra);
        var hmacKind = Libcrypto.IsAvailable ? "OpenSSL SHA256_Init/_Update/_Final, as the operations" : ".NET's one-shot, as the operations";

        report.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"floor calls: ecdh {us["ecdh"]:F2} us, pubkey tweak {us["pubkey_tweak"]:F2} us, pubkey create {us["pubkey_create"]:F2} us, seckey tweak {us["seckey_tweak"]:F2} us, hmac(1332) {us["hmac1332"]:F2} us ({hmacKind}), chacha20(2600) {us["chacha2600"]:F2} us; not in the floor: pubkey parse {us["pubkey_parse"]:F2} us"));
        report.Add("libraries (operations and floor alike): " + NativeCrypto.Describe());
        report.Add(Ratio("peel", us["peel"], peelFloor));
        report.Add(string.Create(CultureInfo.InvariantCulture, $"floor's hmac(1332) by .NET's one-shot (the floor before session 7): {us["hmac1332_dotnet"]:F2} us"));
        report.Add(Ratio("peel", us["peel"], peelFloorDotNet) + " (floor with .NET's one-shot HMAC)");
        report.Add(string.Create(CultureInfo.InvariantCulture, $"floor call for blinded hops: chacha20-poly1305 open of the blob {us["aead_blob"]:F2} us"));
        report.Add(Ratio("peel blinded", us["peel_blinded"], blindedFloor) + " (floor: peel + ECDH + AEAD)");
        report.Add(Ratio("peel blinded", us["peel_blinded"], blindedFullFloor) + " (full floor: + scalar tweak + next path key's point tweak)");
        report.Add(Ratio("build, 5 hops", us["build5"], build5Floor));
        report.Add(Ratio("build, 20 hops", us["build20"], build20Floor));
        report.Add(Ratio("build, 20 hops", us["build20"], build20FloorDotNet) + " (floor with .NET's one-shot HMAC)");
        result["libraries"] = NativeCrypto.Describe();
        result["pubkey_parse_us"] = Round(us["pubkey_parse"]);
        result["peel_floor_us"] = Round(peelFloor);
        result["build5_floor_us"] = Round(build5Floor);
        result["build20_floor_us"] = Round(build20Floor);
        result["peel_ratio"] = Math.Round(us["peel"] / peelFloor, 3);
        result["hmac1332_dotnet_us"] = Round(us["hmac1332_dotnet"]);
        result["peel_floor_dotnet_hmac_us"] = Round(peelFloorDotNet);
        result["peel_ratio_dotnet_hmac"] = Math.Round(us["peel"] / peelFloorDotNet, 3);
        result["build20_ratio_dotnet_hmac"] = Math.Round(us["build20"] / build20FloorDotNet, 3);
        result["peel_blinded_floor_us"] = Round(blindedFloor);
        result["peel_blinded_ratio"] = Math.Round(us["peel_blinded"] / blindedFloor, 3);
        result["peel_blinded_full_floor_us"] = Round(blindedFullFloor);
        result["peel_blinded_full_ratio"] = Math.Round(us["peel_blinded"] / blindedFullFloor, 3);
        result["build5_ratio"] = Math.Round(us["build5"] / build5Floor, 3);
        result["build20_ratio"] = Math.Round(us["build20"] / build20Floor, 3);
    }

    private static long AllocatedPerCall(Action operation)
    {
        const int calls = 100;
        operation();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            operation();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
    }

    private static double Round(double microseconds) => Math.Round(microseconds, 2);

    private static string Line(string name, double microseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-42} {microseconds,10:F2} us");

    private static string Ratio(string name, double measured, double floor) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-16} {measured,10:F2} us vs floor {floor,10:F2} us: {measured / floor:F3}x");
}
