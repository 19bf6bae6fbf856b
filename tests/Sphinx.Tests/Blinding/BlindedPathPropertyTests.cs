using LnRelay.Crypto;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Replay;

namespace LnRelay.Sphinx.Tests.Blinding;

/// <summary>
/// Random paths (1-5 real hops, 0-2 dummies, with and without an override): building then
/// peeling recovers every record; blobs have one length; a flipped bit, a wrong path key or a
/// replay fails with the declared reason; the recipient is never underpaid.
/// </summary>
public sealed class BlindedPathPropertyTests
{
    private const int Paths = 60;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, Paths)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void BuildThenPeel_RecoversEveryRecord_AndPaysAtLeastTheAmount(int seed)
    {
        using var path = RandomBlindedPath.Create(new Random(seed));
        Assert.Single(path.Path.Hops.Select(h => h.EncryptedData.Length).Distinct());

        var route = path.PayerRoute();
        var packet = path.Onion();
        var amount = route.IntroductionAmountMsat;
        var cltv = route.IntroductionCltvExpiry;
        PublicKey? pathKey = null;
        for (var i = 0; i < path.Nodes.Count; i++)
        {
            var result = BlindedOnionPeeler.Peel(path.KeyAt(i), pathKey, RandomBlindedPath.AssociatedData, packet);
            Assert.Equal(path.Plaintexts[i].Encode(), result.Hop!.Plaintext);
            Assert.Equal(path.Plaintexts[i].Encode(), result.Hop.Data.Encode());
            Assert.Equal(i == 0, result.IsIntroduction);
            if (i == path.Nodes.Count - 1)
            {
                Assert.Equal(BlindedPeelOutcome.Final, result.Outcome);
                Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckCommon(result.Hop.Data, amount, cltv));
                Assert.Equal(path.AmountMsat, result.Payload!.AmountToForwardMsat);
                Assert.True(amount >= path.AmountMsat, $"recipient underpaid: {amount} < {path.AmountMsat}");
                Assert.True(cltv >= path.FinalCltv);
                Assert.NotNull(result.Hop.Data.PathId);
                return;
            }

            Assert.Equal(BlindedPeelOutcome.Forward, result.Outcome);
            Assert.Null(result.Hop.Data.PathId);
            Assert.Equal(BlindingFailureReason.None, BlindedHopChecks.CheckRelay(result.Hop.Data, amount, cltv, out var forward));
            (amount, cltv, packet, pathKey) = (forward.AmountMsat, forward.CltvExpiry, result.Onion.NextPacket.ToArray(), result.NextPathKey);
        }

        Assert.Fail("the final hop was never reached");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void FlippedBitInABlob_FailsAtThatHopAsUndecryptable(int seed)
    {
        var random = new Random(seed);
        using var path = RandomBlindedPath.Create(random);
        var target = random.Next(path.Path.Hops.Count);
        var blob = path.Path.Hops[target].EncryptedData.ToArray();
        var bit = random.Next(blob.Length * 8);
        blob[bit / 8] ^= (byte)(1 << (bit % 8));
        var tampered = path.Path with { Hops = [.. path.Path.Hops.Select((h, i) => i == target ? h with { EncryptedData = blob } : h)] };

        var packet = path.Onion(tampered);
        PublicKey? pathKey = null;
        for (var i = 0; i < target; i++)
        {
            var ok = BlindedOnionPeeler.Peel(path.KeyAt(i), pathKey, RandomBlindedPath.AssociatedData, packet);
            (packet, pathKey) = (ok.Onion.NextPacket.ToArray(), ok.NextPathKey);
        }

        var result = BlindedOnionPeeler.Peel(path.KeyAt(target), pathKey, RandomBlindedPath.AssociatedData, packet);
        Assert.Equal(BlindedPeelOutcome.Refused, result.Outcome);
        Assert.Equal(BlindingFailureReason.UndecryptableRecipientData, result.Failure);
        Assert.Equal(target == 0, result.IsIntroduction);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void WrongPathKey_AtABlindedHop_RefusesTheOnion(int seed)
    {
        using var path = RandomBlindedPath.Create(new Random(seed));
        if (path.Nodes.Count < 2)
        {
            return;
        }

        var intro = BlindedOnionPeeler.Peel(path.KeyAt(0), null, RandomBlindedPath.AssociatedData, path.Onion());
        using var stranger = PrivateKey.Create(Enumerable.Repeat((byte)0x77, 32).ToArray());
        var result = BlindedOnionPeeler.Peel(path.KeyAt(1), stranger.PublicKey, RandomBlindedPath.AssociatedData, intro.Onion.NextPacket.Span);
        Assert.Equal(BlindedPeelOutcome.Refused, result.Outcome);
        Assert.Equal(BlindingFailureReason.OnionRefused, result.Failure);
        Assert.Equal(OnionPeelRefusal.HmacMismatch, result.Onion.Refusal);

        // The right onion key with a wrong blob key (the blob decrypted directly): undecryptable.
        Assert.Equal(BlindingFailureReason.UndecryptableRecipientData, BlindedHopReader.TryUnblind(path.KeyAt(1), stranger.PublicKey, path.Path.Hops[1].EncryptedData, out _));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReplayedOnion_IsRefusedTheSecondTime(int seed)
    {
        using var path = RandomBlindedPath.Create(new Random(seed));
        var guard = new OnionReplayGuard(16);
        var buffer = new byte[OnionPeeler.BufferSize];
        var packet = path.Onion();
        var first = BlindedOnionPeeler.Peel(path.KeyAt(0), null, RandomBlindedPath.AssociatedData, packet, buffer, guard, 800_000);
        Assert.NotEqual(BlindedPeelOutcome.Refused, first.Outcome);
        var again = BlindedOnionPeeler.Peel(path.KeyAt(0), null, RandomBlindedPath.AssociatedData, packet, buffer, guard, 800_000);
        Assert.Equal(OnionPeelRefusal.Replayed, again.Onion.Refusal);
        Assert.Equal(BlindedPeelOutcome.Clear, again.Outcome); // the intro cannot know it was blinded before it can read the payload
    }

    [Fact]
    public void RandomPaths_CoverDummiesOverridesAndEveryLength()
    {
        var shapes = Enumerable.Range(0, Paths).Select(seed =>
        {
            using var path = RandomBlindedPath.Create(new Random(seed));
            return (path.Keys.Length, path.Dummies > 0, path.Overridden);
        }).ToArray();
        Assert.Equal([1, 2, 3, 4, 5], shapes.Select(s => s.Length).Distinct().Order());
        Assert.Contains(shapes, s => s.Item2);
        Assert.Contains(shapes, s => !s.Item2);
        Assert.Contains(shapes, s => s.Overridden);
        Assert.Contains(shapes, s => !s.Overridden);
    }
}
