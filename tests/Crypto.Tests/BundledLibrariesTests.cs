using System.Runtime.InteropServices;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto.Tests;

/// <summary>
/// lnrelay runs on the libsecp256k1 and libsodium its build copies from NuGet, never on the
/// system's (Debian's libsecp256k1-1 0.2 and libsodium23 1.0.18 may well be installed beside
/// them): docs/architecture.md, "Native libraries".
/// </summary>
public sealed class BundledLibrariesTests
{
    [Fact]
    public void The_process_maps_only_the_bundled_files_of_both_libraries()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc/self/maps is Linux's; CI runs on Linux.
        }

        NativeCrypto.EnsureAvailable();
        using var key = PrivateKey.Generate();
        Span<byte> stream = stackalloc byte[64];
        ChaCha20Stream.Xor(new byte[32], stream);

        var mapped = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6)
            .Select(fields => fields[5].Trim())
            .Where(path => Path.GetFileName(path).StartsWith("libsecp256k1", StringComparison.Ordinal)
                || Path.GetFileName(path).StartsWith("libsodium", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        string[] expected =
        [
            Path.GetFullPath(BundledLibraries.PathOf(Libsecp256k1.LibraryName)),
            Path.GetFullPath(BundledLibraries.PathOf(Libsodium.LibraryName)),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), mapped);
    }

    [Fact]
    public void The_loaded_libsodium_is_1_0_22()
    {
        NativeCrypto.EnsureAvailable();

        Assert.Equal("1.0.22", Marshal.PtrToStringUTF8(Libsodium.sodium_version_string()));
    }

    [Theory]
    [InlineData("secp256k1_ellswift_encode")] // 0.4.0
    [InlineData("secp256k1_ec_pubkey_sort")] // 0.5.0
    [InlineData("secp256k1_musig_pubkey_agg")] // 0.6.0
    public void The_loaded_libsecp256k1_is_newer_than_Debian_s_0_2(string symbolOfALaterRelease)
    {
        NativeCrypto.EnsureAvailable();
        var handle = NativeLibrary.Load(BundledLibraries.PathOf(Libsecp256k1.LibraryName));
        try
        {
            Assert.True(NativeLibrary.TryGetExport(handle, symbolOfALaterRelease, out _), $"{symbolOfALaterRelease} is missing: not libsecp256k1 0.7.");
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    [Fact]
    public void The_output_holds_this_platform_s_files_only()
    {
        var folder = BundledLibraries.Folder;

        Assert.True(File.Exists(BundledLibraries.PathOf(Libsecp256k1.LibraryName)));
        Assert.True(File.Exists(BundledLibraries.PathOf(Libsodium.LibraryName)));
        Assert.False(Directory.Exists(Path.Combine(folder, "runtimes")), "Every platform's natives were copied into the output (a 'runtimes' folder): Crypto.csproj should copy the running platform's only.");
    }
}
