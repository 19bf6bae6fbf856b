namespace LnRelay.Chain.Rpc;

/// <summary>A JSON-RPC error as bitcoind writes it: its code (Bitcoin Core's RPCErrorCode) and message.</summary>
public sealed record RpcError(int Code, string Message)
{
    /// <summary>RPC_MISC_ERROR.</summary>
    public const int MiscError = -1;

    /// <summary>RPC_INVALID_ADDRESS_OR_KEY: unknown block or transaction.</summary>
    public const int InvalidAddressOrKey = -5;

    /// <summary>RPC_INVALID_PARAMETER, e.g. a height out of range.</summary>
    public const int InvalidParameter = -8;

    /// <summary>RPC_VERIFY_REJECTED: a transaction the chain would not take.</summary>
    public const int VerifyRejected = -26;

    /// <summary>RPC_DESERIALIZATION_ERROR.</summary>
    public const int DeserializationError = -22;

    /// <summary>RPC_METHOD_NOT_FOUND.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>RPC_PARSE_ERROR.</summary>
    public const int ParseError = -32700;
}
