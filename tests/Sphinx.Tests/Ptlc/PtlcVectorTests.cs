using System.Text.Json;
using LnRelay.Crypto;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Ptlc;

namespace LnRelay.Sphinx.Tests.Ptlc;

/// <summary>
/// tests/vectors/ptlc-vectors.json, the project's published point-lock vectors: regenerated
/// byte for byte (a difference is a protocol change), and checked value by value from the
/// file alone, so the file is self-consistent for another implementation to test against.
/// </summary>
public sealed class PtlcVectorTests
{
    private static JsonElement File_() => JsonDocument.Parse(File.ReadAllText(Onion.OnionVectorFiles.Path(PtlcVectorFile.Name))).RootElement.Clone();

    private static byte[] Hex(JsonElement e) => Convert.FromHexString(e.GetString()!);

    private static byte[][] Array_(JsonElement root, string name) => root.GetProperty(name).EnumerateArray().Select(Hex).ToArray();

    [Fact]
    public void Generator_ReproducesThePublishedFile_ByteForByte()
    {
        var generated = PtlcVectorFile.Generate(PtlcVectorFile.Run());
        if (Environment.GetEnvironmentVariable("LNRELAY_WRITE_PTLC_VECTORS") == "1")
        {
            File.WriteAllText(PtlcVectorFile.SourcePath(), generated);
        }

        Assert.Equal(File.ReadAllText(Onion.OnionVectorFiles.Path(PtlcVectorFile.Name)), generated);
    }

    [Fact]
    public void File_LocksChainFromZ_AndEverySettlementScalarOpensItsLock()
    {
        var root = File_();
        var z = Hex(root.GetProperty("z"));
        var payee = PublicKey.Parse(Hex(root.GetProperty("Z")));
        Assert.True(PointLock.Opens(z, payee));
        var y = Array_(root, "y");
        var locks = Array_(root, "incoming_locks").Select(l => PublicKey.Parse(l)).ToArray();
        var outgoing = Array_(root, "relay_outgoing_locks").Select(l => PublicKey.Parse(l)).ToArray();
        var scalars = Array_(root, "settlement_scalars");

        // L_1 = Z + y_0·G, L_{i+1} = L_i + y_i·G, R_i = L_{i+1}; s_i·G = L_i; s_i = s_{i+1} − y_i.
        var previous = payee;
        for (var i = 0; i < locks.Length; i++)
        {
            Assert.True(CurveArithmetic.TryAddTweak(previous, y[i], out var expected));
            Assert.Equal(expected, locks[i]);
            Assert.True(PointLock.Opens(scalars[i], locks[i]), $"s_{i + 1}");
            if (i > 0)
            {
                Assert.Equal(locks[i], outgoing[i - 1]);
                var upstream = new byte[32];
                Assert.True(CurveArithmetic.TrySubtractScalars(scalars[i], y[i], upstream));
                Assert.Equal(scalars[i - 1], upstream);
            }

            previous = locks[i];
        }

        var sum = y[0];
        foreach (var tweak in y.Skip(1))
        {
            var next = new byte[32];
            Assert.True(CurveArithmetic.TryAddScalars(sum, tweak, next));
            sum = next;
        }

        Assert.Equal(sum, Hex(root.GetProperty("tweak_sum")));
        var recovered = new byte[32];
        Assert.True(CurveArithmetic.TrySubtractScalars(scalars[0], y[0], recovered));
        Assert.Equal(z, recovered);
        Assert.Equal(z, Hex(root.GetProperty("recovered_z")));
    }

    [Fact]
    public void File_EveryHopPeelsItsIncomingOnionWithItsLock_AndReadsItsTweak()
    {
        var root = File_();
        var keys = Array_(root, "node_private_keys");
        var onions = Array_(root, "incoming_onions");
        var locks = Array_(root, "incoming_locks");
        var y = Array_(root, "y");
        Assert.Equal(onions[0], Hex(root.GetProperty("onion")));
        for (var k = 0; k < keys.Length; k++)
        {
            using var key = PrivateKey.Create(keys[k]);
            var peel = OnionPeeler.Peel(key, locks[k], onions[k]);
            if (k < keys.Length - 1)
            {
                Assert.Equal(OnionPeelOutcome.Forward, peel.Outcome);
                Assert.Equal(y[k + 1], peel.RelayPayload!.PtlcTweak);
                Assert.Equal(onions[k + 1], peel.NextPacket.ToArray());
            }
            else
            {
                Assert.Equal(OnionPeelOutcome.Final, peel.Outcome);
                Assert.Equal(Hex(root.GetProperty("tweak_sum")), peel.FinalPayload!.PtlcTweakSum);
            }

            // Any other lock as associated data fails the HMAC: the onion is bound to the lock.
            var other = locks[(k + 1) % locks.Length];
            Assert.Equal(OnionPeelOutcome.Malformed, OnionPeeler.Peel(key, other, onions[k]).Outcome);
        }

        Assert.Equal(HopPayloadTypes.PtlcTweak, 71324ul);
    }
}
