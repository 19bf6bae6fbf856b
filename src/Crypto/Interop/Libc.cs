using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>The C library's <c>getrandom(2)</c> wrapper (glibc 2.25 and later), for <see cref="SystemRandom"/>.</summary>
internal static unsafe partial class Libc
{
    private const string LibraryName = "libc";

    /// <summary>errno: the call was interrupted by a signal before it read anything.</summary>
    internal const int EINTR = 4;

    /// <summary>errno: the kernel has no getrandom (before Linux 3.17) or a sandbox refuses it.</summary>
    internal const int ENOSYS = 38;

    /// <summary>
    /// Fills <paramref name="length"/> bytes from the kernel's CSPRNG (flags 0: the urandom source, which
    /// blocks only until it is first seeded at boot). The number of bytes written, or -1 with errno set.
    /// </summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial nint getrandom(byte* buffer, nuint length, uint flags);
}
