using System.Reflection;
using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// Maps the logical library names to the files the distributions ship. Debian's
/// runtime packages carry only versioned names (<c>libsecp256k1.so.1</c>,
/// <c>libsodium.so.23</c>); the unversioned links come with the -dev packages,
/// which a container or a user's machine need not have.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.Ordinal)
    {
        [Libsecp256k1.LibraryName] = ["libsecp256k1.so.1", "libsecp256k1.so.2", "libsecp256k1.so", "libsecp256k1.dylib", "libsecp256k1.2.dylib", "secp256k1"],
        [Libsodium.LibraryName] = ["libsodium.so.23", "libsodium.so.26", "libsodium.so", "libsodium.dylib", "libsodium.23.dylib", "libsodium"],
    };

    private static readonly HashSet<Assembly> Registered = [];

    /// <summary>
    /// Maps the logical names for <paramref name="assembly"/> (this one by default). Another
    /// assembly that declares its own bindings (the benchmarks' bare calls) registers too,
    /// so it loads the same versioned files.
    /// </summary>
    internal static void Register(Assembly? assembly = null)
    {
        assembly ??= typeof(NativeLibraryResolver).Assembly;
        lock (Registered)
        {
            if (Registered.Add(assembly))
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Candidates.TryGetValue(libraryName, out var names))
        {
            return 0;
        }

        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return 0;
    }
}
