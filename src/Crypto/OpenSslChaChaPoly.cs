using System.Security.Cryptography;
using LnRelay.Crypto.Interop;

namespace LnRelay.Crypto;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439 section 2.8) under one key, over OpenSSL's EVP layer with the context kept:
/// the key is set once, and a message costs only a new nonce (<c>EVP_CipherInit_ex</c> with no cipher and
/// no key), the associated data and body (<c>EVP_CipherUpdate</c>), <c>EVP_CipherFinal_ex</c> and the tag
/// (<c>EVP_CIPHER_CTX_ctrl</c>). .NET's <c>ChaCha20Poly1305</c> reaches the same vectorised code but
/// re-initialises its context (cipher fetch, key schedule) and clears the error queue on every call
/// (docs/performance.md, "Frame AEAD with a kept OpenSSL context (session 9)").
/// <para>
/// One context does both directions: the direction is given with each message's nonce. Not thread-safe
/// (one sender or one receiver at a time, as the transport's frame ciphers use it). The context is a
/// <see cref="EvpCipherContextHandle"/>, freed on <see cref="Dispose"/> or by its finaliser.
/// </para>
/// </summary>
internal sealed unsafe class OpenSslChaChaPoly : IDisposable
{
    private const int Encrypting = 1;
    private const int Decrypting = 0;

    private readonly EvpCipherContextHandle _context;

    /// <summary>
    /// Creates the context and sets the key. Callers check <see cref="IsAvailable"/> first; the constructor
    /// itself needs only the symbols (so that the known-answer check can run through it).
    /// </summary>
    public OpenSslChaChaPoly(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizes.ChaChaKey)
        {
            throw new ArgumentException("ChaCha20-Poly1305 keys are 32 bytes.", nameof(key));
        }

        if (!LibcryptoEvp.IsAvailable)
        {
            throw new PlatformNotSupportedException("OpenSSL's EVP ChaCha20-Poly1305 is not available in this process.");
        }

        _context = EvpCipherContextHandle.Create();
        if (_context.IsInvalid)
        {
            throw new CryptographicException("EVP_CIPHER_CTX_new failed.");
        }

        int ok;
        fixed (byte* k = key)
        {
            ok = LibcryptoEvp.EVP_CipherInit_ex(_context.DangerousGetHandle(), LibcryptoEvp.EVP_chacha20_poly1305(), 0, k, null, Encrypting);
        }

        if (ok != 1)
        {
            LibcryptoEvp.ERR_clear_error();
            _context.Dispose();
            throw new CryptographicException("EVP_CipherInit_ex could not key ChaCha20-Poly1305.");
        }
    }

    /// <summary>
    /// True when the EVP functions were found (<see cref="LibcryptoEvp.IsAvailable"/>) and reproduce RFC 8439
    /// section 2.8.2's example, sealing and opening, and refuse it with a changed tag: a libcrypto whose EVP
    /// layer behaves differently (an odd build, another major version) is never used.
    /// </summary>
    public static bool IsAvailable { get; } = LibcryptoEvp.IsAvailable && KnownAnswerHolds();

    /// <summary>
    /// Writes the ciphertext (as long as <paramref name="plaintext"/>) and the 16-byte tag. The ciphertext
    /// may be the plaintext's own memory, exactly, not a shifted overlap.
    /// </summary>
    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        var context = Context();
        Check(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        int written;
        bool ok;
        fixed (byte* n = nonce)
        fixed (byte* ad = associatedData)
        fixed (byte* m = plaintext)
        fixed (byte* c = ciphertext)
        fixed (byte* t = tag)
        {
            ok = LibcryptoEvp.EVP_CipherInit_exNonce(context, 0, 0, null, n, Encrypting) == 1
                && (associatedData.IsEmpty || LibcryptoEvp.Update(context, null, &written, ad, associatedData.Length) == 1)
                && (plaintext.IsEmpty || LibcryptoEvp.Update(context, c, &written, m, plaintext.Length) == 1)
                && LibcryptoEvp.EVP_CipherFinal_ex(context, t, &written) == 1
                && LibcryptoEvp.EVP_CIPHER_CTX_ctrl(context, LibcryptoEvp.EVP_CTRL_AEAD_GET_TAG, KeySizes.AeadTag, t) == 1;
        }

        GC.KeepAlive(_context);
        if (!ok)
        {
            // Sealing fails only on misuse or a broken library; never send what was written.
            LibcryptoEvp.ERR_clear_error();
            ciphertext[..plaintext.Length].Clear();
            throw new CryptographicException("OpenSSL could not seal a ChaCha20-Poly1305 message.");
        }
    }

    /// <summary>
    /// Opens <paramref name="ciphertext"/> into <paramref name="plaintext"/> (which may be the ciphertext's
    /// own memory, exactly). False when the tag does not verify; then the plaintext bytes are zeroed, since
    /// OpenSSL writes them before it can check the tag.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        var context = Context();
        Check(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        int written;
        bool ok;
        fixed (byte* n = nonce)
        fixed (byte* ad = associatedData)
        fixed (byte* c = ciphertext)
        fixed (byte* t = tag)
        fixed (byte* m = plaintext)
        {
            ok = LibcryptoEvp.EVP_CipherInit_exNonce(context, 0, 0, null, n, Decrypting) == 1
                && LibcryptoEvp.EVP_CIPHER_CTX_ctrl(context, LibcryptoEvp.EVP_CTRL_AEAD_SET_TAG, KeySizes.AeadTag, t) == 1
                && (associatedData.IsEmpty || LibcryptoEvp.Update(context, null, &written, ad, associatedData.Length) == 1)
                && (ciphertext.IsEmpty || LibcryptoEvp.Update(context, m, &written, c, ciphertext.Length) == 1)
                && LibcryptoEvp.EVP_CipherFinal_ex(context, m, &written) == 1;
        }

        GC.KeepAlive(_context);
        if (!ok)
        {
            LibcryptoEvp.ERR_clear_error();
            CryptographicOperations.ZeroMemory(plaintext[..ciphertext.Length]);
        }

        return ok;
    }

    public void Dispose() => _context.Dispose();

    private static void Check(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.Length != KeySizes.ChaChaNonce)
        {
            throw new ArgumentException("RFC 8439 nonces are 12 bytes.", nameof(nonce));
        }

        if (outputLength < inputLength || tagLength != KeySizes.AeadTag)
        {
            throw new ArgumentException("The output is shorter than the input, or the tag is not 16 bytes.");
        }
    }

    /// <summary>RFC 8439 section 2.8.2: key 80..9f, nonce 07000000 40..47, AAD 50515253c0..c7, the "sunscreen" text.</summary>
    private static bool KnownAnswerHolds()
    {
        try
        {
            Span<byte> key = stackalloc byte[KeySizes.ChaChaKey];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(0x80 + i);
            }

            ReadOnlySpan<byte> nonce = [0x07, 0x00, 0x00, 0x00, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47];
            ReadOnlySpan<byte> ad = [0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7];
            var plaintext = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."u8;
            var expected = Convert.FromHexString(
                "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
                + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                + "3ff4def08e4b7a9de576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691");
            var output = new byte[plaintext.Length + KeySizes.AeadTag];
            var opened = new byte[plaintext.Length];
            using var aead = new OpenSslChaChaPoly(key);
            aead.Seal(nonce, ad, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
            var sealedRight = output.AsSpan().SequenceEqual(expected);
            var openedRight = aead.TryOpen(nonce, ad, expected.AsSpan(0, plaintext.Length), expected.AsSpan(plaintext.Length), opened)
                && opened.AsSpan().SequenceEqual(plaintext);
            expected[^1] ^= 0x01;
            var refusedForgery = !aead.TryOpen(nonce, ad, expected.AsSpan(0, plaintext.Length), expected.AsSpan(plaintext.Length), opened);
            return sealedRight && openedRight && refusedForgery;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The raw context, or <see cref="ObjectDisposedException"/> once disposed.</summary>
    private nint Context()
    {
        ObjectDisposedException.ThrowIf(_context.IsClosed, this);
        return _context.DangerousGetHandle();
    }
}
