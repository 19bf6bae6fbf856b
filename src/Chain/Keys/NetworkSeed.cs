using System.Security.Cryptography;

namespace LnRelay.Chain.Keys;

/// <summary>
/// The one secret every key of a network comes from (BIP32 seed, 16 to 64 bytes; lnrelay
/// draws 32). <c>lnrelay init --seed HEX</c> gives it, else it is drawn at random; it is kept in
/// the orchestrator's network folder as <see cref="FileName"/>, readable by its owner only
/// (docs/chain.md "Keys from one seed").
/// </summary>
public sealed class NetworkSeed
{
    /// <summary>BIP32: "a seed byte sequence S of a chosen length (between 128 and 512 bits)".</summary>
    public const int MinSize = 16;

    public const int MaxSize = 64;

    /// <summary>The size init draws when no seed is given.</summary>
    public const int DefaultSize = 32;

    public const string FileName = "seed.hex";

    private readonly byte[] _bytes;

    private NetworkSeed(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>A fresh seed from <paramref name="random"/> (injected so that tests can pin it).</summary>
    public static NetworkSeed Generate(RandomNumberGenerator random)
    {
        var bytes = new byte[DefaultSize];
        random.GetBytes(bytes);
        return new NetworkSeed(bytes);
    }

    /// <summary>Parses hex of 16 to 64 bytes; the error says what a seed must look like.</summary>
    public static bool TryParseHex(string? hex, out NetworkSeed? seed, out string? error)
    {
        seed = null;
        error = null;
        var text = hex?.Trim() ?? "";
        if (text.Length % 2 != 0 || text.Length < MinSize * 2 || text.Length > MaxSize * 2 || !text.All(char.IsAsciiHexDigit))
        {
            error = $"a seed is {MinSize} to {MaxSize} bytes written as hex ({MinSize * 2} to {MaxSize * 2} hex digits, e.g. {DefaultSize * 2} from 'openssl rand -hex {DefaultSize}'); got {text.Length} characters.";
            return false;
        }

        seed = new NetworkSeed(Convert.FromHexString(text));
        return true;
    }

    /// <summary>Writes the seed as one line of hex, readable and writable by its owner only (0600) where the platform has Unix modes.</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(ToHex());
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a seed file written by <see cref="Save"/>; null with an error naming the file otherwise.</summary>
    public static NetworkSeed? Load(string path, out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: cannot be read ({e.Message}).";
            return null;
        }

        if (TryParseHex(text, out var seed, out var parseError))
        {
            error = null;
            return seed;
        }

        error = $"{path}: {parseError}";
        return null;
    }
}
