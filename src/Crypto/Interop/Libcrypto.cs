using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// OpenSSL's low-level SHA-256 (openssl/sha.h: <c>SHA256_Init</c>, <c>_Update</c>, <c>_Final</c>), from the
/// libcrypto that .NET's own cryptography loaded on Linux (found in /proc/self/maps, so an
/// <c>LD_LIBRARY_PATH</c> or <c>DOTNET_OPENSSL_VERSION_OVERRIDE</c> choice is followed; else by soname).
/// Unlike the EVP one-shots under <c>SHA256.HashData</c> and <c>HMACSHA256.HashData</c>, these set up
/// no context per call (no provider fetch, no allocation), and they use the CPU's SHA extensions
/// where it has them: a 32-byte key derivation costs about 0.1 µs instead of 0.35–1.1 µs
/// (docs/performance.md, "The peel against its floor"). Optional: on macOS and Windows .NET does not
/// use OpenSSL, and a libcrypto built without the low-level API lacks the symbols; then
/// <see cref="IsAvailable"/> is false and <see cref="Hashes"/> keeps .NET's implementations. Never
/// loaded on other platforms (macOS's /usr/lib/libcrypto aborts a process that loads it).
/// </summary>
internal static unsafe class Libcrypto
{
    /// <summary>The sonames .NET's OpenSSL shim accepts on Linux, newest first; both keep the SHA256_CTX layout.</summary>
    private static readonly string[] Sonames = ["libcrypto.so.3", "libcrypto.so.1.1"];

    /// <summary>The functions this class binds, in the order <see cref="Find"/> returns them.</summary>
    internal static readonly string[] Sha256Names = ["SHA256_Init", "SHA256_Update", "SHA256_Final"];

    /// <summary>True when the three functions below were found.</summary>
    internal static readonly bool IsAvailable;

    /// <summary>Where they came from (a path or a soname), for tests and reports; null when <see cref="IsAvailable"/> is false.</summary>
    internal static readonly string? Source;

    internal static readonly delegate* unmanaged[SuppressGCTransition]<SHA256_CTX*, int> SHA256_Init;

    /// <summary>Any length: with the GC transition, so a long input does not hold up a collection.</summary>
    internal static readonly delegate* unmanaged<SHA256_CTX*, byte*, nuint, int> SHA256_Update;

    /// <summary>The same function for inputs up to <see cref="ShortInput"/> bytes (about a microsecond), without the GC transition.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<SHA256_CTX*, byte*, nuint, int> SHA256_UpdateShort;

    internal static readonly delegate* unmanaged[SuppressGCTransition]<byte*, SHA256_CTX*, int> SHA256_Final;

    /// <summary>The longest input given to <see cref="SHA256_UpdateShort"/>: a peel's 1300-byte hop_payloads and a little more.</summary>
    internal const int ShortInput = 2048;

#pragma warning disable CA1810 // The fields are set together, once, only if every symbol is found.
    static Libcrypto()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (Find(Sha256Names) is { } found)
        {
            var f = found.Functions;
            SHA256_Init = (delegate* unmanaged[SuppressGCTransition]<SHA256_CTX*, int>)f[0];
            SHA256_Update = (delegate* unmanaged<SHA256_CTX*, byte*, nuint, int>)f[1];
            SHA256_UpdateShort = (delegate* unmanaged[SuppressGCTransition]<SHA256_CTX*, byte*, nuint, int>)f[1];
            SHA256_Final = (delegate* unmanaged[SuppressGCTransition]<byte*, SHA256_CTX*, int>)f[2];
            Source = found.Source;
            IsAvailable = true;
        }
    }

    /// <summary>
    /// The first libcrypto (<see cref="Candidates"/>) that has every function in <paramref name="names"/>: where
    /// it is and the functions, in that order; null when none has them all. <see cref="LibcryptoEvp"/> finds its
    /// functions the same way, on their own (a libcrypto built without the deprecated SHA-256 still has them).
    /// </summary>
    internal static (string Source, nint[] Functions)? Find(string[] names)
    {
        foreach (var candidate in Candidates())
        {
            if (TryResolve(candidate, names, out var functions))
            {
                return (candidate, functions);
            }
        }

        return null;
    }

    /// <summary>
    /// Loads <paramref name="library"/> (a path or a soname) and finds every function in <paramref name="names"/>,
    /// in order; false, never an exception, if the library is missing or lacks one of them.
    /// </summary>
    internal static bool TryResolve(string library, string[] names, out nint[] functions)
    {
        functions = new nint[names.Length];
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (!NativeLibrary.TryGetExport(handle, names[i], out functions[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The libcrypto .NET mapped (after making it load OpenSSL), then the sonames it would have tried.</summary>
    private static string[] Candidates()
    {
        string? mapped = null;
        try
        {
            // .NET loads its OpenSSL on first use; this makes sure it has, so that it is in the maps.
            _ = System.Security.Cryptography.SHA256.HashData(ReadOnlySpan<byte>.Empty);
            mapped = File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? line[slash..] : null)
                .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libcrypto.so", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
            or System.Security.Cryptography.CryptographicException or PlatformNotSupportedException or TypeInitializationException or DllNotFoundException)
        {
            // No readable /proc, or .NET's own OpenSSL did not load: the sonames alone.
        }

        return mapped is null ? Sonames : [mapped, .. Sonames];
    }

    /// <summary>SHA256_Update, choosing the call form by length.</summary>
    internal static void Update(SHA256_CTX* context, byte* data, int length)
    {
        if (length <= ShortInput)
        {
            _ = SHA256_UpdateShort(context, data, (nuint)length);
        }
        else
        {
            _ = SHA256_Update(context, data, (nuint)length);
        }
    }
}
