using System.Reflection;
using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// Binds the logical library names of <see cref="Libsecp256k1"/>, <see cref="Libsodium"/> and
/// <see cref="BareNative"/> to the bundled files, by full path (<see cref="BundledLibraries"/>),
/// so that a library of the same name installed on the system (Debian's libsecp256k1 0.2,
/// libsodium 1.0.18) is never the one loaded. A missing file is a
/// <see cref="DllNotFoundException"/> whose message names the file, the platform and the fix.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the resolver for LnRelay.Crypto, which declares every native binding.</summary>
    internal static void Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
                _registered = true;
            }
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName is not (Libsecp256k1.LibraryName or Libsodium.LibraryName))
        {
            return 0;
        }

        var path = BundledLibraries.PathOf(libraryName);
        if (!File.Exists(path))
        {
            throw new DllNotFoundException(BundledLibraries.Missing(libraryName));
        }

        return NativeLibrary.Load(path);
    }
}
