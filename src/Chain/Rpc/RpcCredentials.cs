using System.Security.Cryptography;
using System.Text;

namespace LnRelay.Chain.Rpc;

/// <summary>
/// The chain RPC's HTTP basic-auth credentials: a file holding one line "user:password"
/// (like bitcoind's rpcuser/rpcpassword; docs/chain.md "The RPC"). Compared in constant time.
/// </summary>
public sealed record RpcCredentials(string User, string Password)
{
    public static RpcCredentials? Load(string path, out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: the chain RPC's credentials cannot be read ({e.Message}); 'lnrelay init' writes them.";
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1 || text.Contains('\n', StringComparison.Ordinal))
        {
            error = $"{path}: must hold one line 'user:password' for the chain RPC; 'lnrelay init' writes it.";
            return null;
        }

        error = null;
        return new RpcCredentials(text[..colon], text[(colon + 1)..]);
    }

    /// <summary>"user:password", as NBitcoin's RPCClient takes it.</summary>
    public string AuthenticationString => $"{User}:{Password}";

    /// <summary>Whether an Authorization header carries these credentials.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(authorization[Scheme.Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(AuthenticationString));
    }
}
