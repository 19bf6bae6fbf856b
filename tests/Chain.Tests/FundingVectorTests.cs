using LnRelay.Chain.Blocks;
using LnRelay.Chain.Funding;
using NBitcoin;

namespace LnRelay.Chain.Tests;

/// <summary>BOLT 3 Appendix B: the funding script, output and transaction, and the test chain they sit on.</summary>
public sealed class FundingVectorTests
{
    private static readonly System.Text.Json.JsonElement Vector = VectorFile.Load("bolt03-funding-vectors.json");

    private static string Hex(string name) => Vector.GetProperty(name).GetString()!;

    private static PubKey Key(string name) => new(Hex(name));

    [Fact]
    public void WitnessScript_IsTheSpecsInEitherKeyOrder()
    {
        var local = Key("local_funding_pubkey");
        var remote = Key("remote_funding_pubkey");

        Assert.Equal(Hex("funding_witness_script"), Convert.ToHexStringLower(FundingScript.WitnessScript(local, remote).ToBytes()));
        Assert.Equal(Hex("funding_witness_script"), Convert.ToHexStringLower(FundingScript.WitnessScript(remote, local).ToBytes()));
    }

    [Fact]
    public void FundingTransaction_BuiltFromTheVectorsParts_HasTheSpecsTxid()
    {
        var coinbasePrivkey = new Key(Convert.FromHexString(Hex("coinbase_privkey")));
        var block1 = Block.Load(Convert.FromHexString(Hex("block1")), Regtest.Network);
        var coinbase = block1.Transactions[0];
        Assert.Equal(Hex("input_txid"), coinbase.GetHash().ToString());

        var tx = Regtest.Network.CreateTransaction();
        tx.Version = 2;
        tx.Inputs.Add(new TxIn(new OutPoint(coinbase, 0)) { Sequence = Sequence.Final });
        tx.Outputs.Add(new TxOut(Money.Satoshis(Vector.GetProperty("funding_satoshis").GetInt64()), FundingScript.ScriptPubKey(Key("local_funding_pubkey"), Key("remote_funding_pubkey"))));
        tx.Outputs.Add(new TxOut(Money.Satoshis(Vector.GetProperty("change_satoshis").GetInt64()), coinbasePrivkey.PubKey.WitHash.ScriptPubKey));
        var hash = tx.GetSignatureHash(coinbase.Outputs[0].ScriptPubKey, 0, SigHash.All, coinbase.Outputs[0], HashVersion.Original);
        var signature = new TransactionSignature(coinbasePrivkey.Sign(hash, useLowR: false), SigHash.All);
        tx.Inputs[0].ScriptSig = new Script(Op.GetPushOp(signature.ToBytes()), Op.GetPushOp(coinbasePrivkey.PubKey.ToBytes()));

        Assert.Equal(Hex("funding_tx"), tx.ToHex());
        Assert.Equal(Hex("funding_txid"), tx.GetHash().ToString());
        Assert.True(tx.Inputs.AsIndexedInputs().First().VerifyScript(coinbase.Outputs[0], out _));
    }

    [Fact]
    public void TestChain_Block0IsRegtestsGenesis_AndBlock1IsValid()
    {
        var block0 = Block.Load(Convert.FromHexString(Hex("block0")), Regtest.Network);
        var block1 = Block.Load(Convert.FromHexString(Hex("block1")), Regtest.Network);

        Assert.Equal(Regtest.GenesisHash, block0.GetHash());
        Assert.Equal(block0.GetHash(), block1.Header.HashPrevBlock);
        Assert.True(block1.Check());
        Assert.Equal("06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f", Regtest.ChainHashHex);
    }

    [Fact]
    public void TestChain_AcceptsBlock1_AndRefusesTheFundingOfAnImmatureCoinbase()
    {
        var chain = new RegtestChain();
        Assert.Null(chain.TryAppend(Block.Load(Convert.FromHexString(Hex("block1")), Regtest.Network)));
        var funding = Transaction.Parse(Hex("funding_tx"), Regtest.Network);

        // BOLT 3 spends block 1's coinbase in block 2, which Bitcoin's consensus (and this chain) refuses: 100 blocks of maturity.
        var refused = chain.TryMine(new Key().PubKey.WitHash.ScriptPubKey, [funding]);
        Assert.Contains("100 blocks deep", refused);
        for (var i = 0; i < 99; i++)
        {
            Assert.Null(chain.TryMine(new Key().PubKey.WitHash.ScriptPubKey, []));
        }

        Assert.Null(chain.TryMine(new Key().PubKey.WitHash.ScriptPubKey, [funding]));
        Assert.Equal((funding.GetHash(), 101, 1), (chain.FindTransaction(funding.GetHash())!.Value.Transaction.GetHash(), chain.FindTransaction(funding.GetHash())!.Value.Height, chain.FindTransaction(funding.GetHash())!.Value.Index));
    }
}
