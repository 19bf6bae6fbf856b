using System.Runtime.InteropServices;

namespace LnRelay.Crypto.Interop;

/// <summary>
/// OpenSSL's EVP cipher API (openssl/evp.h), only what a ChaCha20-Poly1305 context kept across messages
/// needs, and <c>ERR_clear_error</c> (openssl/err.h); names verbatim. From the same libcrypto as
/// <see cref="Libcrypto"/> (the one .NET mapped, else by soname), resolved on its own: a libcrypto built
/// without the deprecated low-level SHA-256 still has these. Optional, as there: off Linux, or when a symbol
/// is missing, <see cref="IsAvailable"/> is false and the callers keep .NET's <c>ChaCha20Poly1305</c>.
/// <para>
/// Call forms. Creating, keying and freeing a context (allocation, OpenSSL 3's provider fetch, locks) keep
/// the GC transition; they happen once a key. Per message, setting the nonce, finishing, and reading or
/// setting the tag are short and bounded (a few hundred nanoseconds, no blocking, no callbacks into .NET:
/// the rule for <see cref="SuppressGCTransitionAttribute"/>), and so is an update of up to
/// <see cref="ShortInput"/> bytes; a longer update keeps the transition so it does not hold up a collection.
/// </para>
/// </summary>
internal static unsafe class LibcryptoEvp
{
    /// <summary>Reads the 16-byte tag after <c>EVP_CipherFinal_ex</c> when sealing.</summary>
    internal const int EVP_CTRL_AEAD_GET_TAG = 0x10;

    /// <summary>Gives the expected tag before <c>EVP_CipherFinal_ex</c> when opening; the final call then verifies it.</summary>
    internal const int EVP_CTRL_AEAD_SET_TAG = 0x11;

    /// <summary>The longest update given to <see cref="EVP_CipherUpdateShort"/>: an update_add_htlc (1,452 bytes) with room, about a microsecond.</summary>
    internal const int ShortInput = 2048;

    /// <summary>True when every function below was found.</summary>
    internal static readonly bool IsAvailable;

    /// <summary>Where they came from (a path or a soname), for tests and reports; null when <see cref="IsAvailable"/> is false.</summary>
    internal static readonly string? Source;

    /// <summary>A new, empty context (0 on allocation failure).</summary>
    internal static readonly delegate* unmanaged<nint> EVP_CIPHER_CTX_new;

    /// <summary>Frees a context; OpenSSL wipes the key state (the provider's <c>OPENSSL_clear_free</c>).</summary>
    internal static readonly delegate* unmanaged<nint, void> EVP_CIPHER_CTX_free;

    /// <summary>The ChaCha20-Poly1305 cipher (RFC 8439; 12-byte nonce and 16-byte tag by default).</summary>
    internal static readonly delegate* unmanaged<nint> EVP_chacha20_poly1305;

    /// <summary>(ctx, cipher, engine, key, iv, enc): with a cipher and a key, once a key.</summary>
    internal static readonly delegate* unmanaged<nint, nint, nint, byte*, byte*, int, int> EVP_CipherInit_ex;

    /// <summary>
    /// The same function with cipher, engine and key null: only a new nonce and direction, on a keyed context.
    /// That resets the Poly1305 state and the AAD and text lengths (RFC 8439 section 2.8), so one context
    /// seals and opens message after message.
    /// </summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<nint, nint, nint, byte*, byte*, int, int> EVP_CipherInit_exNonce;

    /// <summary>(ctx, out, outl, in, inl): out null means in is associated data. Any length, with the GC transition.</summary>
    internal static readonly delegate* unmanaged<nint, byte*, int*, byte*, int, int> EVP_CipherUpdate;

    /// <summary>The same function for inputs up to <see cref="ShortInput"/> bytes, without the GC transition.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, byte*, int, int> EVP_CipherUpdateShort;

    /// <summary>Completes the tag; when opening, 1 only if it equals the one set with <see cref="EVP_CTRL_AEAD_SET_TAG"/>.</summary>
    internal static readonly delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, int> EVP_CipherFinal_ex;

    internal static readonly delegate* unmanaged[SuppressGCTransition]<nint, int, int, void*, int> EVP_CIPHER_CTX_ctrl;

    /// <summary>Empties this thread's error queue, after a failed open, so no stale error is left for the next OpenSSL user.</summary>
    internal static readonly delegate* unmanaged<void> ERR_clear_error;

    /// <summary>The functions this class binds, in the order <see cref="Libcrypto.Find"/> returns them.</summary>
    internal static readonly string[] Names =
        ["EVP_CIPHER_CTX_new", "EVP_CIPHER_CTX_free", "EVP_chacha20_poly1305", "EVP_CipherInit_ex", "EVP_CipherUpdate", "EVP_CipherFinal_ex", "EVP_CIPHER_CTX_ctrl", "ERR_clear_error"];

#pragma warning disable CA1810 // The fields are set together, once, only if every symbol is found.
    static LibcryptoEvp()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (Libcrypto.Find(Names) is { } found)
        {
            var f = found.Functions;
            EVP_CIPHER_CTX_new = (delegate* unmanaged<nint>)f[0];
            EVP_CIPHER_CTX_free = (delegate* unmanaged<nint, void>)f[1];
            EVP_chacha20_poly1305 = (delegate* unmanaged<nint>)f[2];
            EVP_CipherInit_ex = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int, int>)f[3];
            EVP_CipherInit_exNonce = (delegate* unmanaged[SuppressGCTransition]<nint, nint, nint, byte*, byte*, int, int>)f[3];
            EVP_CipherUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)f[4];
            EVP_CipherUpdateShort = (delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, byte*, int, int>)f[4];
            EVP_CipherFinal_ex = (delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, int>)f[5];
            EVP_CIPHER_CTX_ctrl = (delegate* unmanaged[SuppressGCTransition]<nint, int, int, void*, int>)f[6];
            ERR_clear_error = (delegate* unmanaged<void>)f[7];
            Source = found.Source;
            IsAvailable = true;
        }
    }

    /// <summary>EVP_CipherUpdate, choosing the call form by length.</summary>
    internal static int Update(nint context, byte* output, int* written, byte* input, int length) =>
        length <= ShortInput
            ? EVP_CipherUpdateShort(context, output, written, input, length)
            : EVP_CipherUpdate(context, output, written, input, length);
}
