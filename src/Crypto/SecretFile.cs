using System.Globalization;

namespace LnRelay.Crypto;

/// <summary>
/// Secrets on disk (node keys, API tokens): written atomically with mode 0600 (a
/// temporary file in the same folder, renamed into place, so a crash never leaves
/// half a secret), and read only when group and others cannot access them, as ssh
/// does with private keys.
/// </summary>
public static class SecretFile
{
    /// <summary>Mode bits that must be clear: any access by group or others.</summary>
    public const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Owner read and write only (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> with mode 0600. Throws <see cref="IOException"/> when the file exists, unless <paramref name="overwrite"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw new IOException($"'{path}' already exists.");
        }

        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) is atomic; without overwrite .NET refuses an existing target instead of replacing it.
            File.Move(temp, full, overwrite);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Null when only the owner can access <paramref name="path"/>; otherwise what is wrong and the command that fixes it.</summary>
    public static string? CheckOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & GroupOrOthers) == 0
            ? null
            : $"'{path}' is accessible by group or others (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0').ToString(CultureInfo.InvariantCulture)}); run 'chmod 600 {path}'.";
    }
}
