using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// The native libraries lnrelay ships: the <c>runtimes/RID/native</c> files of two NuGet
/// packages, which Crypto.csproj copies beside the assemblies for the platform being built
/// (docs/architecture.md, "Native libraries"). No system library is ever loaded.
/// </summary>
internal static class BundledLibraries
{
    /// <summary>libsecp256k1 of the 0.7 line (SONAME libsecp256k1.so.6), from the package's native files only.</summary>
    internal const string Secp256k1Source = "libsecp256k1 0.7 from the NuGet package Secp256k1.Net 2.0.0";

    /// <summary>libsodium's own NuGet package (native files only).</summary>
    internal const string SodiumSource = "libsodium 1.0.22 from the NuGet package libsodium 1.0.22";

    /// <summary>The platforms both packages carry a library for.</summary>
    internal const string SupportedPlatforms = "linux-x64, linux-arm64, linux-musl-x64, linux-musl-arm64, osx-x64, osx-arm64, win-x64, win-x86, win-arm64";

    /// <summary>The folder the files are copied to: the one holding LnRelay.Crypto.dll (the app's folder for a single-file app).</summary>
    internal static string Folder
    {
        get
        {
            var location = typeof(BundledLibraries).Assembly.Location;
            return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
        }
    }

    /// <summary>The file name the package ships for <paramref name="libraryName"/> on this operating system.</summary>
    internal static string FileName(string libraryName)
    {
        if (OperatingSystem.IsWindows())
        {
            return libraryName == Libsodium.LibraryName ? "libsodium.dll" : "secp256k1.dll";
        }

        var extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        return "lib" + libraryName + extension;
    }

    internal static string PathOf(string libraryName) => Path.Combine(Folder, FileName(libraryName));

    internal static string SourceOf(string libraryName) =>
        libraryName == Libsodium.LibraryName ? SodiumSource : Secp256k1Source;

    /// <summary>What to say when the file is not there: what is missing, for which platform, and the fix.</summary>
    internal static string Missing(string libraryName) =>
        $"{FileName(libraryName)} ({SourceOf(libraryName)}) is not in {Folder}. The build copies it there for the platform it "
        + $"builds for; this process runs on {RuntimeInformation.RuntimeIdentifier}. The packages ship it for {SupportedPlatforms}: "
        + "rebuild on one of those (`dotnet build`, or `dotnet publish -r RID` for another one), or put a build of "
        + $"that library with the same file name into {Folder}.";
}
