using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// The native libraries, loaded and checked once, at first use. A missing library
/// or symbol, or a library that computes a wrong BOLT shared secret, becomes one
/// <see cref="CryptoUnavailableException"/> that says what is missing and how to get it,
/// instead of a <see cref="DllNotFoundException"/> from deep inside a protocol. The
/// libraries are the bundled ones (Interop/BundledLibraries), never the system's.
/// </summary>
public static class NativeCrypto
{
    private const string RebuildHint =
        "lnrelay loads the copies its build puts beside its assemblies (docs/architecture.md, \"Native libraries\"): rebuild with `dotnet build` on a supported platform.";

    private static readonly Lock Gate = new();
    private static Secp256k1ContextHandle? _context;
    private static CryptoUnavailableException? _failure;

    /// <summary>The shared libsecp256k1 context, randomised once (side-channel blinding).</summary>
    internal static Secp256k1ContextHandle Context => _context ?? Initialise();

    /// <summary>Loads and self-tests the native libraries; throws <see cref="CryptoUnavailableException"/> if they are unusable.</summary>
    public static void EnsureAvailable() => _ = Context;

    /// <summary>Which libraries are in use and where from, for benchmark reports: "libsecp256k1 0.7 from …; libsodium 1.0.22 from …".</summary>
    public static unsafe string Describe()
    {
        EnsureAvailable();
        var sodium = Marshal.PtrToStringUTF8(Libsodium.sodium_version_string());
        return $"{BundledLibraries.Secp256k1Source}; libsodium {sodium} (from the NuGet package libsodium 1.0.22); in {BundledLibraries.Folder}";
    }

    private static Secp256k1ContextHandle Initialise()
    {
        lock (Gate)
        {
            if (_context is not null)
            {
                return _context;
            }

            if (_failure is not null)
            {
                throw _failure;
            }

            try
            {
                NativeLibraryResolver.Register();
                var ctx = LoadSecp256k1();
                LoadSodium();
                SelfTest(ctx);
                _context = ctx;
                return ctx;
            }
            catch (CryptoUnavailableException e)
            {
                _failure = e;
                throw;
            }
        }
    }

    private static unsafe Secp256k1ContextHandle LoadSecp256k1()
    {
        Secp256k1ContextHandle ctx;
        try
        {
            ctx = Secp256k1ContextHandle.Create();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new CryptoUnavailableException($"libsecp256k1 could not be loaded: {FirstLine(e.Message)} {RebuildHint}", e);
        }

        if (ctx.IsInvalid)
        {
            throw new CryptoUnavailableException($"secp256k1_context_create failed. {RebuildHint}");
        }

        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        try
        {
            fixed (byte* s = seed)
            {
                if (Libsecp256k1.secp256k1_context_randomize(ctx, s) != 1)
                {
                    throw new CryptoUnavailableException("secp256k1_context_randomize failed.");
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        return ctx;
    }

    private static void LoadSodium()
    {
        int rc;
        try
        {
            rc = Libsodium.sodium_init();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new CryptoUnavailableException($"libsodium could not be loaded: {FirstLine(e.Message)} {RebuildHint}", e);
        }

        if (rc < 0)
        {
            throw new CryptoUnavailableException("sodium_init failed.");
        }
    }

    /// <summary>
    /// One known answer from each library, and the presence of every symbol we bind
    /// (so that an old libsecp256k1 without the schnorrsig module fails here, clearly).
    /// ECDH: hop 0 of BOLT 4 onion-test.json (session key 0x41 x 32 with the node key
    /// 02eec7…6619), whose shared secret is 53eb63ea…ea66.
    /// </summary>
    private static unsafe void SelfTest(Secp256k1ContextHandle ctx)
    {
        ReadOnlySpan<byte> secret = [0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41,
                                     0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41];
        ReadOnlySpan<byte> expected = Convert.FromHexString("53eb63ea8a3fec3b3cd433b85cd62a4b145e1dda09391b348c4e1cd36a03ea66");
        Span<byte> shared = stackalloc byte[32];
        try
        {
            fixed (byte* sk = secret)
            fixed (byte* ss = shared)
            {
                var pub = default(secp256k1_pubkey);
                var keypair = default(secp256k1_keypair);
                var xonly = default(secp256k1_xonly_pubkey);
                var ok = Libsecp256k1.secp256k1_ec_pubkey_create(ctx, ref pub, sk) == 1
                    && Libsecp256k1.secp256k1_ecdh(ctx, ss, in pub, sk, 0, 0) == 1
                    && Libsecp256k1.secp256k1_keypair_create(ctx, ref keypair, sk) == 1
                    && Libsecp256k1.secp256k1_xonly_pubkey_from_pubkey(ctx, ref xonly, null, in pub) == 1;
                if (!ok || !shared.SequenceEqual(expected))
                {
                    throw new CryptoUnavailableException("libsecp256k1 failed its self-test (ECDH of BOLT 4 onion-test.json hop 0).");
                }
            }

            // The ChaCha20 stream: RFC 8439 section 2.4.2's first keystream byte is checked in tests;
            // here only that the symbol binds and runs.
            Span<byte> block = stackalloc byte[64];
            Span<byte> nonce = stackalloc byte[12];
            fixed (byte* b = block)
            fixed (byte* n = nonce)
            fixed (byte* k = shared)
            {
                if (Libsodium.crypto_stream_chacha20_ietf_xor_ic(b, b, (ulong)block.Length, n, 0, k) != 0)
                {
                    throw new CryptoUnavailableException("libsodium failed its self-test (crypto_stream_chacha20_ietf_xor_ic).");
                }
            }
        }
        catch (EntryPointNotFoundException e)
        {
            throw new CryptoUnavailableException($"A native library lacks a function lnrelay needs ({FirstLine(e.Message)}). libsecp256k1 must be 0.2 or newer with the ecdh, extrakeys and schnorrsig modules. {RebuildHint}", e);
        }
        catch (DllNotFoundException e)
        {
            throw new CryptoUnavailableException($"A native library could not be loaded ({FirstLine(e.Message)}). {RebuildHint}", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd(':', ' ');
}
