using System.Net;
using LnRelay.Chain.Blocks;
using LnRelay.Chain.Funding;
using LnRelay.Chain.Keys;
using LnRelay.Chain.Rpc;
using LnRelay.Chain.Service;
using Microsoft.Extensions.Logging.Abstractions;
using NBitcoin;
using NBitcoin.RPC;

namespace LnRelay.Chain.Tests;

/// <summary>The chain RPC on loopback, read by NBitcoin's own RPCClient: each method's result round-trips.</summary>
public sealed class ChainRpcTests : IAsyncLifetime
{
    private static readonly ChannelToFund[] Channels = [new(0, 1, 10_000_000_000, 5_000_000_000, false), new(1, 2, 10_000_000_000, 5_000_000_000, true)];

    private readonly RpcCredentials _credentials = new("lnrelay", "secret");
    private SeedKeys _keys = null!;
    private ChainBuildResult _built = null!;
    private ChainRpcServer _server = null!;
    private RPCClient _client = null!;

    public async Task InitializeAsync()
    {
        Assert.True(NetworkSeed.TryParseHex("000102030405060708090a0b0c0d0e0f", out var seed, out _));
        _keys = new SeedKeys(seed!);
        _built = FundingChainBuilder.Build(_keys, Channels);
        _server = ChainRpcServer.Create(new ChainService(_built.Chain!, path: null), _credentials, IPAddress.Loopback, 0, NullLoggerFactory.Instance);
        await _server.StartAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None);
        _client = new RPCClient(_credentials.AuthenticationString, _server.Url!, Network.RegTest);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task BlockCountHashHeaderAndBlock_RoundTrip()
    {
        var chain = _built.Chain!;
        Assert.Equal(chain.Height, await _client.GetBlockCountAsync());
        Assert.Equal(Regtest.GenesisHash, await _client.GetBlockHashAsync(0));
        var tipHash = await _client.GetBlockHashAsync(chain.Height);
        Assert.Equal(chain.Tip.GetHash(), tipHash);

        var header = await _client.GetBlockHeaderAsync(tipHash);
        Assert.Equal(chain.Tip.Header.ToBytes(), header.ToBytes());
        var block = await _client.GetBlockAsync(await _client.GetBlockHashAsync(_built.Channels[0].Height));
        Assert.Equal(chain.BlockAt(_built.Channels[0].Height)!.ToBytes(), block.ToBytes());
    }

    [Fact]
    public async Task RawTransactionAndTxOut_DescribeTheFundingOutput_AndNullOnceSpent()
    {
        var open = _built.Channels[0];
        var tx = await _client.GetRawTransactionAsync(open.Outpoint.Hash);
        Assert.Equal(open.Outpoint.Hash, tx.GetHash());

        var txout = await _client.GetTxOutAsync(open.Outpoint.Hash, (int)open.Outpoint.N);
        Assert.NotNull(txout);
        Assert.Equal(open.Capacity, txout.TxOut.Value);
        Assert.Equal(FundingScript.ScriptPubKey(open.Node1FundingKey, open.Node2FundingKey), txout.TxOut.ScriptPubKey);
        Assert.Equal(_built.Chain!.Height - open.Height + 1, txout.Confirmations);

        var closed = _built.Channels[1];
        Assert.Null(await _client.GetTxOutAsync(closed.Outpoint.Hash, (int)closed.Outpoint.N));
    }

    [Fact]
    public async Task SendRawTransaction_ThenGenerate_MinesTheClose()
    {
        var open = _built.Channels[0];
        var close = CooperativeClose.Build(open, 5_000_000_000, out _)!;
        CooperativeClose.Complete(close, open, CooperativeClose.Sign(close, open, _keys.Funding(0, 0)), CooperativeClose.Sign(close, open, _keys.Funding(1, 0)));
        var height = _built.Chain!.Height;

        Assert.Equal(close.GetHash(), await _client.SendRawTransactionAsync(close));
        var mined = await _client.GenerateToAddressAsync(2, _keys.Miner.PubKey.WitHash.GetAddress(Network.RegTest));

        Assert.Equal(2, mined.Length);
        Assert.Equal(height + 2, await _client.GetBlockCountAsync());
        Assert.Null(await _client.GetTxOutAsync(open.Outpoint.Hash, (int)open.Outpoint.N));
        Assert.Equal(close.GetHash(), _built.Chain.SpentBy(open.Outpoint));
    }

    [Fact]
    public async Task Errors_AreBitcoindsCodes()
    {
        var unknownBlock = await Assert.ThrowsAsync<RPCException>(() => _client.GetBlockAsync(uint256.One));
        Assert.Equal(RPCErrorCode.RPC_INVALID_ADDRESS_OR_KEY, unknownBlock.RPCCode);

        var outOfRange = await Assert.ThrowsAsync<RPCException>(() => _client.GetBlockHashAsync(1_000_000));
        Assert.Equal(RPCErrorCode.RPC_INVALID_PARAMETER, outOfRange.RPCCode);

        var unknownMethod = await Assert.ThrowsAsync<RPCException>(() => _client.SendCommandAsync("getmempoolinfo"));
        Assert.Equal(RPCErrorCode.RPC_METHOD_NOT_FOUND, unknownMethod.RPCCode);

        var doubleSpend = Transaction.Parse(_built.Chain!.FindTransaction(_built.Channels[1].ClosedBy!)!.Value.Transaction.ToHex(), Network.RegTest);
        var rejected = await Assert.ThrowsAsync<RPCException>(() => _client.SendRawTransactionAsync(doubleSpend));
        Assert.Equal(RPCErrorCode.RPC_VERIFY_REJECTED, rejected.RPCCode);
    }

    [Fact]
    public async Task WrongPassword_IsRefused()
    {
        var wrong = new RPCClient("lnrelay:wrong", _server.Url!, Network.RegTest);

        await Assert.ThrowsAnyAsync<Exception>(() => wrong.GetBlockCountAsync());
    }
}
