using LnRelay.Chain.Blocks;
using LnRelay.Chain.Funding;
using LnRelay.Chain.Keys;
using NBitcoin;

namespace LnRelay.Chain.Tests;

/// <summary>The chain init builds: every block valid, every scid pointing at its 2-of-2, closes spent, the same seed giving the same chain.</summary>
public sealed class FundingChainBuilderTests
{
    private const string SeedHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static readonly ChannelToFund[] FiveNode =
    [
        new(0, 1, 10_000_000_000, 5_000_000_000, false),
        new(1, 2, 10_000_000_000, 5_000_000_000, false),
        new(2, 3, 10_000_000_000, 1_000_000_000, false),
        new(3, 4, 10_000_000_000, 5_000_000_000, false),
        new(1, 3, 10_000_000_000, 5_000_000_000, false),
        new(1, 4, 10_000_000_000, 5_000_000_000, true),
    ];

    private static SeedKeys Keys(string hex = SeedHex)
    {
        Assert.True(NetworkSeed.TryParseHex(hex, out var seed, out _));
        return new SeedKeys(seed!);
    }

    [Fact]
    public void EveryBlock_HasValidMerkleRootWitnessCommitmentAndProofOfWork()
    {
        var result = FundingChainBuilder.Build(Keys(), FiveNode);
        Assert.True(result.Succeeded, result.Error);
        var chain = result.Chain!;

        for (var h = 1; h <= chain.Height; h++)
        {
            var block = chain.BlockAt(h)!;
            Assert.True(block.Check(), $"block {h}: merkle root or proof of work");
            Assert.True(block.Header.CheckProofOfWork());
            Assert.Equal(chain.BlockAt(h - 1)!.GetHash(), block.Header.HashPrevBlock);
            if (block.Transactions.Any(t => t.HasWitness))
            {
                Assert.True(WitnessCommitment.Verify(block), $"block {h}: witness commitment");
            }
        }
    }

    [Fact]
    public void EveryScid_PointsAtThe2Of2OfItsFundingKeys_WithTheCapacity()
    {
        var keys = Keys();
        var result = FundingChainBuilder.Build(keys, FiveNode);
        var chain = result.Chain!;

        for (var i = 0; i < FiveNode.Length; i++)
        {
            var funded = result.Channels[i];
            var parts = funded.ShortChannelId.Split('x').Select(int.Parse).ToArray();
            var tx = chain.BlockAt(parts[0])!.Transactions[parts[1]];
            var output = tx.Outputs[parts[2]];

            Assert.Equal(funded.Outpoint, new OutPoint(tx, parts[2]));
            Assert.Equal(FundingScript.ScriptPubKey(keys.Funding(FiveNode[i].Node1, i).PubKey, keys.Funding(FiveNode[i].Node2, i).PubKey), output.ScriptPubKey);
            Assert.Equal((long)(FiveNode[i].CapacityMsat / 1000), output.Value.Satoshi);
        }
    }

    [Fact]
    public void ClosedChannel_IsSpentByACloseBothKeysSigned_OpenOnesAreUnspentWithSixConfirmations()
    {
        var result = FundingChainBuilder.Build(Keys(), FiveNode);
        var chain = result.Chain!;

        for (var i = 0; i < FiveNode.Length; i++)
        {
            var funded = result.Channels[i];
            if (FiveNode[i].Closed)
            {
                Assert.Null(chain.UnspentOutput(funded.Outpoint));
                Assert.Equal(funded.ClosedBy, chain.SpentBy(funded.Outpoint));
                var close = chain.FindTransaction(funded.ClosedBy!)!.Value.Transaction;
                Assert.Equal(4, close.Inputs[0].WitScript.PushCount);
            }
            else
            {
                Assert.NotNull(chain.UnspentOutput(funded.Outpoint));
                Assert.True(chain.Height - funded.Height + 1 >= FundingChainBuilder.Confirmations);
            }
        }
    }

    [Fact]
    public void SameSeedAndChannels_GiveTheSameChain_AnotherSeedAnother()
    {
        var a = FundingChainBuilder.Build(Keys(), FiveNode);
        var b = FundingChainBuilder.Build(Keys(), FiveNode);
        var c = FundingChainBuilder.Build(Keys("ff" + SeedHex[2..]), FiveNode);

        Assert.Equal(a.Chain!.Tip.GetHash(), b.Chain!.Tip.GetHash());
        Assert.Equal(a.Channels.Select(f => f.ShortChannelId), b.Channels.Select(f => f.ShortChannelId));
        Assert.NotEqual(a.Chain.Tip.GetHash(), c.Chain!.Tip.GetHash());
    }

    [Fact]
    public void CapacityBeyondOneCoinbase_IsPaidFromSeveralMatureCoinbases()
    {
        var big = new[] { new ChannelToFund(0, 1, 120_0000_0000_000, 0, false) };
        var result = FundingChainBuilder.Build(Keys(), big);

        Assert.True(result.Succeeded, result.Error);
        var funding = result.Chain!.FindTransaction(result.Channels[0].Outpoint.Hash)!.Value.Transaction;
        Assert.Equal(3, funding.Inputs.Count);
    }

    [Fact]
    public void CapacityInMsatNotWholeSatoshis_IsRefusedWithTheChannel()
    {
        var result = FundingChainBuilder.Build(Keys(), [new ChannelToFund(0, 1, 1_500, 0, false)]);

        Assert.Contains("channels[0]: capacity_msat 1500 is not a whole number of satoshis", result.Error);
    }

    [Fact]
    public void ChainFile_RoundTrips_AndABrokenLinkIsRefusedWithItsLine()
    {
        var chain = FundingChainBuilder.Build(Keys(), FiveNode).Chain!;
        var path = Path.Combine(Path.GetTempPath(), $"lnrelay-chain-{Guid.NewGuid():N}");
        try
        {
            ChainFile.Save(path, chain);
            var loaded = ChainFile.Load(path, out var error);
            Assert.Null(error);
            Assert.Equal(chain.Tip.GetHash(), loaded!.Tip.GetHash());

            var lines = File.ReadAllLines(path).ToList();
            lines.RemoveAt(50);
            File.WriteAllLines(path, lines);
            Assert.Null(ChainFile.Load(path, out error));
            Assert.Contains("line 51: block 50", error);
            Assert.Contains("does not link", error);

            File.WriteAllText(path, "not hex\n");
            Assert.Null(ChainFile.Load(path, out error));
            Assert.Contains("line 1 is not a serialized block", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RegtestChain_RefusesADoubleSpendAndABadSignature()
    {
        var keys = Keys();
        var result = FundingChainBuilder.Build(keys, FiveNode[..1]);
        var chain = result.Chain!;
        var funded = result.Channels[0];
        var close = CooperativeClose.Build(funded, 5_000_000_000, out _)!;
        var wrongKey = new Key();
        CooperativeClose.Complete(close, funded, CooperativeClose.Sign(close, funded, keys.Funding(0, 0)), CooperativeClose.Sign(close, funded, wrongKey));

        Assert.Contains("script does not verify", chain.TryMine(keys.Miner.PubKey.WitHash.ScriptPubKey, [close]));

        CooperativeClose.Complete(close, funded, CooperativeClose.Sign(close, funded, keys.Funding(0, 0)), CooperativeClose.Sign(close, funded, keys.Funding(1, 0)));
        Assert.Null(chain.TryMine(keys.Miner.PubKey.WitHash.ScriptPubKey, [close]));
        Assert.Contains("not an unspent output", chain.TryMine(keys.Miner.PubKey.WitHash.ScriptPubKey, [close]));
    }
}
