using LnRelay.Crypto;
using LnRelay.Sphinx;

namespace LnRelay.Node.Chain;

/// <summary>
/// A node's funding secret keys (docs/chain.md "Files"): DIR/NAME/funding.keys, 0600, one
/// line per channel of the node, "SCID HEX" (the 32-byte secret of its funding pubkey).
/// 'lnrelay init' derives them from the seed; the node reads the file only to sign a close.
/// </summary>
public static class FundingKeyFile
{
    public const string FileName = "funding.keys";

    /// <summary>The secret for one channel, or null with why not.</summary>
    public static byte[]? Read(string dataDir, ShortChannelId scid, out string? error)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            error = $"{path} does not exist; 'lnrelay init' writes it.";
            return null;
        }

        if (SecretFile.CheckOwnerOnly(path) is { } tooOpen)
        {
            error = $"funding key file {tooOpen}";
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: cannot be read ({e.Message}); 'lnrelay init' writes it.";
            return null;
        }

        var wanted = scid.ToString();
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == wanted && parts[1].Length == 64 && parts[1].All(char.IsAsciiHexDigit))
            {
                error = null;
                return Convert.FromHexString(parts[1]);
            }
        }

        error = $"{path} has no key for {wanted}.";
        return null;
    }
}
