using NBitcoin;

namespace LnRelay.Chain.Funding;

/// <summary>
/// Segwit v0 signatures (BIP143) with RFC 6979 nonces and no low-R grinding: NBitcoin's
/// <c>Key.Sign</c> grinds for a low R by default, which BOLT 3's vectors and the native
/// library do not (docs/chain.md "Signatures").
/// </summary>
public static class Signing
{
    public static TransactionSignature SignWitnessInput(Transaction tx, int input, Script scriptCode, TxOut spent, Key key) =>
        new(key.Sign(tx.GetSignatureHash(scriptCode, input, SigHash.All, spent, HashVersion.WitnessV0), useLowR: false), SigHash.All);

    /// <summary>Signs a P2WPKH input: witness = signature, public key.</summary>
    public static void SignP2Wpkh(Transaction tx, int input, TxOut spent, Key key)
    {
        var signature = SignWitnessInput(tx, input, key.PubKey.Hash.ScriptPubKey, spent, key);
        tx.Inputs[input].WitScript = new WitScript([signature.ToBytes(), key.PubKey.ToBytes()], true);
    }
}
