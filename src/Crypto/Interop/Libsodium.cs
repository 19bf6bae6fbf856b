using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// The few libsodium (Debian <c>libsodium23</c>, 1.0.18) functions lnrelay needs, as
/// declared in sodium/core.h and sodium/crypto_stream_chacha20.h, names verbatim.
/// </summary>
internal static unsafe partial class Libsodium
{
    internal const string LibraryName = "sodium";

    /// <summary>0 on success, 1 if already initialised, -1 on failure.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int sodium_init();

    /// <summary>
    /// RFC 8439 ChaCha20 (96-bit nonce, 32-bit block counter <paramref name="ic"/>):
    /// <c>c = m XOR keystream</c>. <paramref name="c"/> may equal <paramref name="m"/>.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static partial int crypto_stream_chacha20_ietf_xor_ic(byte* c, byte* m, ulong mlen, byte* n, uint ic, byte* k);
}
