using LnRelay.Chain.Blocks;
using LnRelay.Chain.Funding;
using LnRelay.Chain.Keys;
using LnRelay.Node.Chain;
using LnRelay.Node.Network;
using NBitcoin;

namespace LnRelay.Node.Tests.Chain;

/// <summary>
/// The node's view of the chain: each BOLT 7 funding check passes on the chain init builds and
/// fails, naming itself, on a chain broken on purpose (wrong key order, wrong value, spent output,
/// too few confirmations, a block that does not link).
/// </summary>
public sealed class ChainWatcherTests
{
    private static readonly SeedKeys Keys = NewKeys();

    private static SeedKeys NewKeys()
    {
        Assert.True(NetworkSeed.TryParseHex("000102030405060708090a0b0c0d0e0f", out var seed, out _));
        return new SeedKeys(seed!);
    }

    [Fact]
    public void InitsChain_VerifiesTheOpenChannel_AndSeesTheClosedOneSpent()
    {
        var built = Build(new ChannelToFund(0, 1, 10_000_000_000, 5_000_000_000, false), new ChannelToFund(1, 2, 10_000_000_000, 5_000_000_000, true));
        var events = Follow(built.Chain!, Describe(built));

        Assert.Contains(events, e => e.Kind == ChannelEventKind.Verified && e.Channel.ShortChannelId.ToString() == built.Channels[0].ShortChannelId);
        Assert.Contains(events, e => e.Kind == ChannelEventKind.Closed && e.Channel.ShortChannelId.ToString() == built.Channels[1].ShortChannelId);
        Assert.DoesNotContain(events, e => e.Kind == ChannelEventKind.Invalid);
    }

    [Fact]
    public void FundingKeysSwapped_FailsPaysTo2Of2_OnlyWhenTheScriptChanges()
    {
        var built = Build(new ChannelToFund(0, 1, 10_000_000_000, 5_000_000_000, false));
        // network.json naming the keys the other way round is still the same 2-of-2 (BOLT 3 sorts them) ...
        var swapped = Describe(built, c => c with { Node1FundingPubkey = c.Node2FundingPubkey, Node2FundingPubkey = c.Node1FundingPubkey });
        Assert.Contains(Follow(built.Chain!, swapped), e => e.Kind == ChannelEventKind.Verified);

        // ... but a key that is not one of the two fails.
        var other = Describe(built, c => c with { Node2FundingPubkey = Convert.ToHexStringLower(new Key().PubKey.ToBytes()) });
        var invalid = Assert.Single(Follow(built.Chain!, other), e => e.Kind == ChannelEventKind.Invalid);
        Assert.Equal(FundingCheck.PaysTo2Of2, invalid.Check);
    }

    [Fact]
    public void CapacityThatIsNotTheOutputsValue_FailsCapacity()
    {
        var built = Build(new ChannelToFund(0, 1, 10_000_000_000, 5_000_000_000, false));
        var network = Describe(built, c => c with { CapacityMsat = 10_000_001_000, Node1BalanceMsat = 1 });

        var invalid = Assert.Single(Follow(built.Chain!, network), e => e.Kind == ChannelEventKind.Invalid);
        Assert.Equal(FundingCheck.Capacity, invalid.Check);
    }

    [Fact]
    public void AnScidPointingNowhere_FailsOutputExists()
    {
        var built = Build(new ChannelToFund(0, 1, 10_000_000_000, 5_000_000_000, false));
        var network = Describe(built, c => c with { ShortChannelId = $"{built.Channels[0].Height}x7x0" });

        var invalid = Assert.Single(Follow(built.Chain!, network), e => e.Kind == ChannelEventKind.Invalid);
        Assert.Equal(FundingCheck.OutputExists, invalid.Check);
    }

    [Fact]
    public void FiveConfirmations_AreNotEnough_TheSixthBlockVerifies()
    {
        var built = Build(new ChannelToFund(0, 1, 10_000_000_000, 5_000_000_000, false));
        var chain = built.Chain!;
        var network = Describe(built);
        var watcher = new ChainWatcher(network);
        Assert.Null(watcher.ConnectGenesis(Regtest.GenesisHash, Regtest.ChainHashHex));
        var events = new List<ChannelEvent>();
        for (var h = 1; h < chain.Height; h++)
        {
            Assert.Null(watcher.Connect(chain.BlockAt(h)!, events));
        }

        Assert.Equal(5, chain.Height - 1 - built.Channels[0].Height + 1);
        Assert.Empty(events);
        Assert.Null(watcher.Connect(chain.Tip, events));
        Assert.Equal(ChannelEventKind.Verified, Assert.Single(events).Kind);
    }

    [Fact]
    public void ASpendMinedLater_ClosesTheChannel_And72BlocksLaterItIsForgotten()
    {
        var built = Build(new ChannelToFund(0, 1, 10_000_000_000, 5_000_000_000, false));
        var chain = built.Chain!;
        var watcher = new ChainWatcher(Describe(built));
        var events = new List<ChannelEvent>();
        Assert.Null(watcher.ConnectGenesis(Regtest.GenesisHash, Regtest.ChainHashHex));
        for (var h = 1; h <= chain.Height; h++)
        {
            Assert.Null(watcher.Connect(chain.BlockAt(h)!, events));
        }

        var funded = built.Channels[0];
        var close = CooperativeClose.Build(funded, 5_000_000_000, out _)!;
        CooperativeClose.Complete(close, funded, CooperativeClose.Sign(close, funded, Keys.Funding(0, 0)), CooperativeClose.Sign(close, funded, Keys.Funding(1, 0)));
        Assert.Null(chain.TryMine(Keys.Miner.PubKey.WitHash.ScriptPubKey, [close]));
        events.Clear();
        Assert.Null(watcher.Connect(chain.Tip, events));
        Assert.Equal(ChannelEventKind.Closed, Assert.Single(events).Kind);

        events.Clear();
        for (var i = 0; i < ChainWatcher.ForgetAfterSpentBlocks; i++)
        {
            Assert.Null(chain.TryMine(Keys.Miner.PubKey.WitHash.ScriptPubKey, []));
            Assert.Null(watcher.Connect(chain.Tip, events));
        }

        Assert.Equal(ChannelEventKind.Forgotten, Assert.Single(events).Kind);
    }

    [Fact]
    public void ABlockThatDoesNotLink_OrAnotherGenesis_IsRefused()
    {
        var built = Build(new ChannelToFund(0, 1, 10_000_000_000, 5_000_000_000, false));
        var watcher = new ChainWatcher(Describe(built));

        Assert.Contains("not network.json's", watcher.ConnectGenesis(uint256.One, Regtest.ChainHashHex));
        Assert.Null(watcher.ConnectGenesis(Regtest.GenesisHash, Regtest.ChainHashHex));
        Assert.Contains("does not link", watcher.Connect(built.Chain!.BlockAt(2)!, []));
        Assert.Equal(0, watcher.Height);
    }

    private static ChainBuildResult Build(params ChannelToFund[] channels)
    {
        var built = FundingChainBuilder.Build(Keys, channels);
        Assert.True(built.Succeeded, built.Error);
        return built;
    }

    private static List<ChannelEvent> Follow(RegtestChain chain, NetworkDescription network)
    {
        var watcher = new ChainWatcher(network);
        Assert.Null(watcher.ConnectGenesis(Regtest.GenesisHash, Regtest.ChainHashHex));
        var events = new List<ChannelEvent>();
        for (var h = 1; h <= chain.Height; h++)
        {
            Assert.Null(watcher.Connect(chain.BlockAt(h)!, events));
        }

        return events;
    }

    /// <summary>A network.json for the built channels (nodes n0, n1, ...), each channel changed by <paramref name="change"/>.</summary>
    private static NetworkDescription Describe(ChainBuildResult built, Func<ChannelDto, ChannelDto>? change = null)
    {
        var nodes = Enumerable.Range(0, 3).Select(i => new NodeDto
        {
            Name = $"n{i}",
            NodeId = Convert.ToHexStringLower(Keys.Derive(KeyPaths.Identity(i)).PrivateKey.PubKey.ToBytes()),
            Host = "127.0.0.1",
            Port = 10_000 + i,
            ControlUrl = $"http://127.0.0.1:{11_000 + i}",
        }).ToList();
        var dto = new NetworkFileDto
        {
            Network = "watch",
            Chain = new ChainDto { ChainHash = Regtest.ChainHashHex, RpcUrl = "http://127.0.0.1:18443", RpcCredentialsFile = "chain-rpc.credentials" },
            Nodes = nodes,
            Channels = [.. built.Channels.Select((f, i) => (change ?? (c => c))(new ChannelDto
            {
                ShortChannelId = f.ShortChannelId,
                Node1 = $"n{i}",
                Node2 = $"n{i + 1}",
                CapacityMsat = (ulong)f.Capacity.Satoshi * 1000,
                Node1BalanceMsat = 5_000_000_000,
                Node1FundingPubkey = Convert.ToHexStringLower(f.Node1FundingKey.ToBytes()),
                Node2FundingPubkey = Convert.ToHexStringLower(f.Node2FundingKey.ToBytes()),
            }))],
        };
        var errors = new List<string>();
        return NetworkValidator.Validate(dto, errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }
}
