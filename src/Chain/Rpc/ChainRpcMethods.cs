using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LnRelay.Chain.Blocks;
using LnRelay.Chain.Service;
using NBitcoin;

namespace LnRelay.Chain.Rpc;

/// <summary>
/// The subset of Bitcoin Core's JSON-RPC that lnrelay's chain answers (docs/chain.md "The
/// RPC subset"), sans IO: a method name and its params in, a result or an error out. Results
/// are shaped as bitcoind's, so that NBitcoin's RPCClient reads them unchanged (it rebuilds a
/// gettxout script from <c>asm</c>, so that is written as Core writes it).
/// </summary>
public sealed class ChainRpcMethods(ChainService service)
{
    /// <summary>The methods answered, for the docs and the method-not-found message.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["getblockcount", "getbestblockhash", "getblockhash", "getblockheader", "getblock", "getrawtransaction", "gettxout", "sendrawtransaction", "generatetoaddress"];

    public (JsonNode? Result, RpcError? Error) Call(string method, JsonElement parameters)
    {
        var args = parameters.ValueKind == JsonValueKind.Array ? parameters.EnumerateArray().ToList() : [];
        try
        {
            return method switch
            {
                "getblockcount" => (JsonValue.Create(service.Chain.Height), null),
                "getbestblockhash" => (JsonValue.Create(service.Chain.Tip.GetHash().ToString()), null),
                "getblockhash" => GetBlockHash(args),
                "getblockheader" => GetBlockHeader(args),
                "getblock" => GetBlock(args),
                "getrawtransaction" => GetRawTransaction(args),
                "gettxout" => GetTxOut(args),
                "sendrawtransaction" => SendRawTransaction(args),
                "generatetoaddress" => GenerateToAddress(args),
                _ => (null, new RpcError(RpcError.MethodNotFound, $"Method not found (lnrelay's chain answers {string.Join(", ", Names)})")),
            };
        }
        catch (ParameterException e)
        {
            return (null, new RpcError(RpcError.InvalidParameter, e.Message));
        }
    }

    private (JsonNode?, RpcError?) GetBlockHash(List<JsonElement> args)
    {
        var height = Int(args, 0, "height");
        var block = service.Chain.BlockAt(height);
        return block is null
            ? (null, new RpcError(RpcError.InvalidParameter, "Block height out of range"))
            : (JsonValue.Create(block.GetHash().ToString()), null);
    }

    private (JsonNode?, RpcError?) GetBlockHeader(List<JsonElement> args)
    {
        if (!FindBlock(args, out var block, out var height, out var error))
        {
            return (null, error);
        }

        return Verbose(args, 1, defaultVerbose: true)
            ? (HeaderJson(block!, height), null)
            : (JsonValue.Create(Convert.ToHexStringLower(block!.Header.ToBytes())), null);
    }

    private (JsonNode?, RpcError?) GetBlock(List<JsonElement> args)
    {
        if (!FindBlock(args, out var found, out var height, out var error))
        {
            return (null, error);
        }

        var block = found!;
        if (!Verbose(args, 1, defaultVerbose: true))
        {
            return (JsonValue.Create(Convert.ToHexStringLower(block.ToBytes())), null);
        }

        var json = HeaderJson(block, height);
        json["size"] = block.GetSerializedSize();
        json["weight"] = block.GetWeight();
        json["tx"] = new JsonArray([.. block.Transactions.Select(t => (JsonNode)JsonValue.Create(t.GetHash().ToString()))]);
        return (json, null);
    }

    private (JsonNode?, RpcError?) GetRawTransaction(List<JsonElement> args)
    {
        var txid = Hash(args, 0, "txid");
        var found = service.Chain.FindTransaction(txid);
        var pending = found is null ? service.Mempool.FirstOrDefault(t => t.GetHash() == txid) : null;
        if (found is null && pending is null)
        {
            return (null, new RpcError(RpcError.InvalidAddressOrKey, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."));
        }

        if (args.Count > 2 && args[2].ValueKind == JsonValueKind.String && found is not null && service.Chain.BlockAt(found.Value.Height)!.GetHash() != Hash(args, 2, "blockhash"))
        {
            return (null, new RpcError(RpcError.InvalidAddressOrKey, "No such transaction found in the provided block."));
        }

        var tx = found?.Transaction ?? pending!;
        if (!Verbose(args, 1, defaultVerbose: false))
        {
            return (JsonValue.Create(tx.ToHex()), null);
        }

        var json = new JsonObject { ["txid"] = tx.GetHash().ToString(), ["hash"] = tx.GetWitHash().ToString(), ["hex"] = tx.ToHex() };
        if (found is { } at)
        {
            json["blockhash"] = service.Chain.BlockAt(at.Height)!.GetHash().ToString();
            json["confirmations"] = service.Chain.Height - at.Height + 1;
        }

        return (json, null);
    }

    private (JsonNode?, RpcError?) GetTxOut(List<JsonElement> args)
    {
        var outpoint = new OutPoint(Hash(args, 0, "txid"), Int(args, 1, "n"));
        var unspent = service.Chain.UnspentOutput(outpoint);
        if (unspent is not { } utxo)
        {
            return (null, null);
        }

        var script = utxo.Output.ScriptPubKey;
        var json = new JsonObject
        {
            ["bestblock"] = service.Chain.Tip.GetHash().ToString(),
            ["confirmations"] = service.Chain.Height - utxo.Height + 1,
            ["value"] = JsonValue.Create(decimal.Parse(utxo.Output.Value.ToDecimal(MoneyUnit.BTC).ToString("0.00000000", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
            ["scriptPubKey"] = new JsonObject
            {
                ["asm"] = CoreAsm.Of(script),
                ["hex"] = Convert.ToHexStringLower(script.ToBytes(true)),
                ["type"] = CoreAsm.TypeOf(script),
            },
            ["coinbase"] = utxo.Coinbase,
        };
        return (json, null);
    }

    private (JsonNode?, RpcError?) SendRawTransaction(List<JsonElement> args)
    {
        Transaction tx;
        try
        {
            tx = Transaction.Parse(Text(args, 0, "hexstring"), Regtest.Network);
        }
        catch (FormatException)
        {
            return (null, new RpcError(RpcError.DeserializationError, "TX decode failed"));
        }

        var problem = service.Submit(tx);
        return problem is null ? (JsonValue.Create(tx.GetHash().ToString()), null) : (null, new RpcError(RpcError.VerifyRejected, problem));
    }

    private (JsonNode?, RpcError?) GenerateToAddress(List<JsonElement> args)
    {
        var count = Int(args, 0, "nblocks");
        if (count is < 1 or > MaxGenerate)
        {
            return (null, new RpcError(RpcError.InvalidParameter, $"nblocks must be 1 to {MaxGenerate}"));
        }

        Script payout;
        try
        {
            payout = BitcoinAddress.Create(Text(args, 1, "address"), Regtest.Network).ScriptPubKey;
        }
        catch (FormatException)
        {
            return (null, new RpcError(RpcError.InvalidAddressOrKey, "Error: Invalid address (a regtest address, e.g. bcrt1q…)"));
        }

        var mined = service.Mine(count, payout);
        return (new JsonArray([.. mined.Select(b => (JsonNode)JsonValue.Create(b.GetHash().ToString()))]), null);
    }

    /// <summary>Blocks one generatetoaddress call may ask for: enough to age a chain, few enough to answer in seconds.</summary>
    public const int MaxGenerate = 10_000;

    private JsonObject HeaderJson(Block block, int height)
    {
        var header = block.Header;
        var json = new JsonObject
        {
            ["hash"] = block.GetHash().ToString(),
            ["confirmations"] = service.Chain.Height - height + 1,
            ["height"] = height,
            ["version"] = header.Version,
            ["merkleroot"] = header.HashMerkleRoot.ToString(),
            ["time"] = header.BlockTime.ToUnixTimeSeconds(),
            ["nonce"] = header.Nonce,
            ["bits"] = header.Bits.ToCompact().ToString("x8", CultureInfo.InvariantCulture),
            ["nTx"] = block.Transactions.Count,
        };
        if (height > 0)
        {
            json["previousblockhash"] = header.HashPrevBlock.ToString();
        }

        if (service.Chain.BlockAt(height + 1) is { } next)
        {
            json["nextblockhash"] = next.GetHash().ToString();
        }

        return json;
    }

    private bool FindBlock(List<JsonElement> args, out Block? block, out int height, out RpcError? error)
    {
        var hash = Hash(args, 0, "blockhash");
        var found = service.Chain.HeightOf(hash);
        block = found is { } h ? service.Chain.BlockAt(h) : null;
        height = found ?? -1;
        error = block is null ? new RpcError(RpcError.InvalidAddressOrKey, "Block not found") : null;
        return block is not null;
    }

    /// <summary>bitcoind takes verbosity as a bool or a number (RPCClient sends false); 0/false is hex.</summary>
    private static bool Verbose(List<JsonElement> args, int index, bool defaultVerbose) =>
        args.Count <= index || args[index].ValueKind == JsonValueKind.Null ? defaultVerbose
        : args[index].ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when args[index].TryGetInt32(out var v) => v != 0,
            _ => throw new ParameterException("verbosity must be a bool or 0/1"),
        };

    private static int Int(List<JsonElement> args, int index, string name) =>
        args.Count > index && args[index].ValueKind == JsonValueKind.Number && args[index].TryGetInt32(out var v) ? v
        : throw new ParameterException($"{name} must be an integer (parameter {index + 1})");

    private static string Text(List<JsonElement> args, int index, string name) =>
        args.Count > index && args[index].ValueKind == JsonValueKind.String ? args[index].GetString()!
        : throw new ParameterException($"{name} must be a string (parameter {index + 1})");

    private static uint256 Hash(List<JsonElement> args, int index, string name) =>
        uint256.TryParse(Text(args, index, name), out var hash) && Text(args, index, name).Length == 64 ? hash
        : throw new ParameterException($"{name} must be a 64-character hex hash (parameter {index + 1})");

    private sealed class ParameterException(string message) : Exception(message);
}
