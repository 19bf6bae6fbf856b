using System.Security.Cryptography;
using System.Text;

namespace LnRelay.Crypto;

/// <summary>
/// A node's secret key on disk: 64 lowercase hex characters and a newline, mode 0600
/// (docs/node.md: the secret key lives only in the node's data folder; topology and
/// network files carry public keys only). Written and permission-checked through <see cref="SecretFile"/>.
/// </summary>
public static class KeyFile
{
    private const int HexLength = KeySizes.SecretKey * 2;

    /// <summary>Anything longer is certainly not a key file; it is not read into memory.</summary>
    private const int MaxFileBytes = 4096;

    /// <summary>Writes <paramref name="key"/>; throws <see cref="IOException"/> when the file exists, unless <paramref name="overwrite"/>.</summary>
    public static void Write(string path, PrivateKey key, bool overwrite)
    {
        var secret = new byte[KeySizes.SecretKey];
        var text = new byte[HexLength + 1];
        try
        {
            key.WriteSecret(secret);
            Span<char> hex = stackalloc char[HexLength];
            _ = Convert.TryToHexStringLower(secret, hex, out _);
            _ = Encoding.ASCII.GetBytes(hex, text);
            hex.Clear();
            text[HexLength] = (byte)'\n';
            SecretFile.Write(path, text, overwrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(text);
        }
    }

    /// <summary>Reads a key file. On failure <paramref name="key"/> is null and <paramref name="message"/> says what is wrong and how to fix it.</summary>
    public static KeyFileError Read(string path, out PrivateKey? key, out string message)
    {
        key = null;
        message = string.Empty;
        if (!File.Exists(path))
        {
            var isDirectory = Directory.Exists(path);
            message = isDirectory ? $"key file '{path}' is a directory." : $"key file '{path}' does not exist (create one with 'lnrelay keygen --out {path}').";
            return isDirectory ? KeyFileError.Unreadable : KeyFileError.Missing;
        }

        if (SecretFile.CheckOwnerOnly(path) is { } tooOpen)
        {
            message = $"key file {tooOpen}";
            return KeyFileError.TooPermissive;
        }

        byte[] content;
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                message = $"key file '{path}' is too large to be a key (expected {HexLength} hex characters).";
                return KeyFileError.WrongLength;
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            message = $"key file '{path}' cannot be read: {e.Message}";
            return KeyFileError.Unreadable;
        }

        var secret = new byte[KeySizes.SecretKey];
        try
        {
            return Parse(path, content, secret, out key, out message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static KeyFileError Parse(string path, byte[] content, byte[] secret, out PrivateKey? key, out string message)
    {
        key = null;
        message = string.Empty;
        var text = content.AsSpan().Trim(" \t\r\n"u8);
        foreach (var b in text)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                message = $"key file '{path}' is not hex (expected {HexLength} characters 0-9a-f on one line).";
                return KeyFileError.BadHex;
            }
        }

        if (text.Length != HexLength)
        {
            message = $"key file '{path}' holds {text.Length} hex characters; a secret key is {HexLength} ({KeySizes.SecretKey} bytes).";
            return KeyFileError.WrongLength;
        }

        Span<char> hex = stackalloc char[HexLength];
        _ = Encoding.ASCII.GetChars(text, hex);
        _ = Convert.FromHexString(hex, secret, out _, out _);
        hex.Clear();
        if (!PrivateKey.TryCreate(secret, out var created))
        {
            message = $"key file '{path}' does not hold a valid secp256k1 secret key (zero, or not below the group order).";
            return KeyFileError.InvalidKey;
        }

        key = created;
        return KeyFileError.None;
    }
}
