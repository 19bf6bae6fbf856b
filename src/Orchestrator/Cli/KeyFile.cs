using System.Security.Cryptography;
using System.Text;
using LnRelay.Crypto;
using KeySizes = LnRelay.Crypto.KeySizes;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// A node's secret key on disk: 64 lowercase hex characters and a newline, mode 0600
/// (ARCHITECTURE.md: "keys are secret"; topology files carry public keys only).
/// Writing is atomic (a temporary file in the same folder, renamed into place) so a
/// crash never leaves half a key; reading refuses a file that group or others can
/// access, as ssh does with private keys.
/// </summary>
internal static class KeyFile
{
    /// <summary>Mode bits that must be clear on a key file: any access by group or others.</summary>
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Owner read and write only (0600).</summary>
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const int HexLength = KeySizes.SecretKey * 2;

    /// <summary>Anything longer is certainly not a key file; it is not read into memory.</summary>
    private const int MaxFileBytes = 4096;

    /// <summary>
    /// Writes <paramref name="key"/> to <paramref name="path"/>. Refuses (an
    /// <see cref="IOException"/>) when the file exists, unless <paramref name="overwrite"/>.
    /// </summary>
    public static void Write(string path, PrivateKey key, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw new IOException($"'{path}' already exists; use --force to replace it.");
        }

        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
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
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(text);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) is atomic; without overwrite .NET refuses an existing target instead of replacing it.
            File.Move(temp, full, overwrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(text);
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Reads a key file. On failure <paramref name="key"/> is null and
    /// <paramref name="message"/> says what is wrong and how to fix it.
    /// </summary>
    public static KeyFileError Read(string path, out PrivateKey? key, out string message)
    {
        key = null;
        message = string.Empty;
        if (!File.Exists(path))
        {
            message = Directory.Exists(path) ? $"key file '{path}' is a directory." : $"key file '{path}' does not exist (create one with 'lnrelay keygen --out {path}').";
            return Directory.Exists(path) ? KeyFileError.Unreadable : KeyFileError.Missing;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            message = $"key file '{path}' is accessible by group or others (mode {Octal(File.GetUnixFileMode(path))}); run 'chmod 600 {path}'.";
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

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1ff, 8);
}
