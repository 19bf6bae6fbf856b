using NBitcoin;

namespace LnRelay.Chain.Rpc;

/// <summary>
/// A scriptPubKey as Bitcoin Core's RPC describes it: its <c>asm</c> text (small numbers as
/// digits, pushes as hex) and its <c>type</c>. NBitcoin's RPCClient parses gettxout's script
/// from the asm, so it must be Core's (e.g. <c>0 1d0f…</c> for P2WSH).
/// </summary>
internal static class CoreAsm
{
    public static string Of(Script script) => string.Join(' ', script.ToOps().Select(Op));

    public static string TypeOf(Script script) =>
        PayToWitScriptHashTemplate.Instance.CheckScriptPubKey(script) ? "witness_v0_scripthash"
        : PayToWitPubKeyHashTemplate.Instance.CheckScriptPubKey(script) ? "witness_v0_keyhash"
        : PayToPubkeyHashTemplate.Instance.CheckScriptPubKey(script) ? "pubkeyhash"
        : PayToScriptHashTemplate.Instance.CheckScriptPubKey(script) ? "scripthash"
        : PayToPubkeyTemplate.Instance.CheckScriptPubKey(script) ? "pubkey"
        : script.ToBytes(true) is [(byte)OpcodeType.OP_RETURN, ..] ? "nulldata"
        : "nonstandard";

    private static string Op(Op op)
    {
        if (op.Code == OpcodeType.OP_0)
        {
            return "0";
        }

        if (op.Code is >= OpcodeType.OP_1 and <= OpcodeType.OP_16)
        {
            return ((int)op.Code - (int)OpcodeType.OP_1 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (op.Code == OpcodeType.OP_1NEGATE)
        {
            return "-1";
        }

        return op.PushData is { } data ? Convert.ToHexStringLower(data) : op.Code.ToString();
    }
}
