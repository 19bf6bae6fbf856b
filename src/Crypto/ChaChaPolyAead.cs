using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LnRelay.Crypto;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439) with the BOLT 8 nonce: 4 zero bytes followed by a
/// 64-bit little-endian counter ("Handshake State": a deliberate exception to the
/// big-endian convention, following Noise). One instance per key (kept pinned, wiped on
/// <see cref="Dispose"/>), so steady-state framing allocates nothing.
/// <para>
/// Implementations of the one algorithm, by size; the bytes are the same either way. Short messages (up to
/// <see cref="ManagedMessage"/> bytes with AVX-512, <see cref="ManagedMessageAvx2"/> with AVX2: every frame's
/// 2-byte length and every message but update_add_htlc and long failures) go through
/// <see cref="ManagedChaChaPoly"/>: the Poly1305 key and the keystream from one vectorised ChaCha20 call, no
/// native call (a 2-byte seal about 0.19 µs against libsodium's 0.36). Longer ones go through OpenSSL's EVP
/// layer with a context kept for the key (<see cref="OpenSslChaChaPoly"/>: the key set once, a nonce per
/// message), whose vectorised ChaCha20 and Poly1305 win above those splits (an update_add_htlc of 1,452 bytes: about 0.78 µs against
/// libsodium's 1.56 µs and .NET's <c>ChaCha20Poly1305</c>'s 1.14 µs, which re-initialises the context on
/// every call). Where that context is not available (macOS, Windows, a libcrypto without the functions)
/// long messages go through .NET's <c>ChaCha20Poly1305</c> above 1 KB and libsodium's
/// <c>crypto_aead_chacha20poly1305_ietf_*</c> (<see cref="ChaChaPolyOneShot"/>) between; a processor
/// without AVX2 sends short messages to libsodium too (the scalar managed path is slower than it).
/// docs/performance.md, "Frame AEAD with a kept OpenSSL context (session 9)" and "Short frames through
/// managed ChaCha20-Poly1305 (session 10)".
/// </para>
/// </summary>
public sealed class ChaChaPolyAead : IDisposable
{
    /// <summary>
    /// Messages up to this many bytes go through libsodium when the kept OpenSSL context is there and the
    /// managed AEAD is not. Up to 127 bytes the two are within about 40 ns of each other, libsodium slightly
    /// ahead; from 128 bytes the kept context is faster at every size measured (by 10–380 ns up to 1 KB, about
    /// 0.8 µs at 1,452 bytes).
    /// </summary>
    internal const int SmallMessage = 127;

    /// <summary>
    /// Messages up to this many bytes go through <see cref="ManagedChaChaPoly"/> on its AVX-512 path: two ChaCha20
    /// calls (192 bytes, then 256 more). Up to there it was at least as fast as the kept context at every size
    /// measured (2 bytes: 188 against 386 ns sealing; 192: 263 against 389; 256, where the kept context is at its
    /// best: 394 both; 448: 456 against 513); a third call costs about 130 ns, and at 512 bytes the kept context wins.
    /// </summary>
    internal const int ManagedMessage = ManagedChaChaPoly.TwoCalls;

    /// <summary>
    /// The same on the AVX2 path (and the scalar one a test may pick): its first call's 192 bytes (314 against 389 ns
    /// sealing 192 bytes). It still won at 240 and 255 bytes and lost at 256 here, on an AVX-512 processor; an AVX2-only
    /// processor's OpenSSL was not measured, so the split stays where one call ends.
    /// </summary>
    internal const int ManagedMessageAvx2 = ManagedChaChaPoly.FirstCall;

    /// <summary>Messages up to this many bytes go through libsodium when long ones go through .NET's <c>ChaCha20Poly1305</c>.</summary>
    internal const int SmallMessageBesideDotNet = 1024;

    private const int CounterOffset = 4;

    private readonly byte[] _key = GC.AllocateArray<byte>(KeySizes.ChaChaKey, pinned: true);
    private readonly bool _openSsl;
    private readonly int _smallMessage;

    /// <summary>The managed AEAD's path for short messages; null sends them to libsodium.</summary>
    private readonly ChaCha20Path? _managed;

    /// <summary>The longest message through <see cref="_managed"/> (−1 without it).</summary>
    private readonly int _managedMessage;

    /// <summary>The kept OpenSSL context, made at the first long message (a handshake's key never needs one).</summary>
    private OpenSslChaChaPoly? _kept;

    /// <summary>.NET's implementation, where the kept context is not available (or a test asks for it).</summary>
    private ChaCha20Poly1305? _dotNet;

    private bool _disposed;

    public ChaChaPolyAead(ReadOnlySpan<byte> key)
        : this(key, OpenSslChaChaPoly.IsAvailable, DefaultManagedPath)
    {
    }

    /// <summary>
    /// With <paramref name="openSsl"/> false, long messages go through .NET's <c>ChaCha20Poly1305</c> even where
    /// the kept OpenSSL context is available: the fallback other platforms get, so tests check it here too.
    /// </summary>
    internal ChaChaPolyAead(ReadOnlySpan<byte> key, bool openSsl)
        : this(key, openSsl, DefaultManagedPath)
    {
    }

    /// <summary>
    /// <paramref name="managed"/> picks the managed AEAD's path for short messages (any path, so tests run the ones
    /// other processors take), or null for libsodium, as on a processor without AVX2 (and as the benchmarks compare).
    /// </summary>
    internal ChaChaPolyAead(ReadOnlySpan<byte> key, bool openSsl, ChaCha20Path? managed)
    {
        if (key.Length != KeySizes.ChaChaKey)
        {
            throw new ArgumentException("ChaCha20-Poly1305 keys are 32 bytes.", nameof(key));
        }

        if (openSsl && !OpenSslChaChaPoly.IsAvailable)
        {
            throw new PlatformNotSupportedException("OpenSSL's EVP ChaCha20-Poly1305 is not available in this process.");
        }

        if (managed is { } path && !ChaCha20Blocks.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"The managed AEAD's {path} path does not run on this processor.");
        }

        NativeCrypto.EnsureAvailable();
        key.CopyTo(_key);
        _openSsl = openSsl;
        _managed = managed;
        _managedMessage = managed switch
        {
            null => -1,
            ChaCha20Path.Vector512 => ManagedMessage,
            _ => ManagedMessageAvx2,
        };
        _smallMessage = Math.Max(openSsl ? SmallMessage : SmallMessageBesideDotNet, _managedMessage);
    }

    /// <summary>The managed AEAD where it is vectorised (AVX2 or AVX-512); else null, and libsodium.</summary>
    internal static ChaCha20Path? DefaultManagedPath { get; } = ChaCha20Blocks.Best == ChaCha20Path.Scalar ? null : ChaCha20Blocks.Best;

    /// <summary>Whether long messages go through the kept OpenSSL context (else .NET's implementation).</summary>
    internal bool LongThroughOpenSsl => _openSsl;

    /// <summary>The managed AEAD's path for short messages, or null when they go through libsodium.</summary>
    internal ChaCha20Path? ShortPath => _managed;

    /// <summary>The longest message through the managed AEAD (−1 when none is).</summary>
    internal int LongestThroughManaged => _managedMessage;

    /// <summary>The longest message this instance seals and opens without the long path: the managed AEAD's, then libsodium's.</summary>
    internal int LongestShort => _smallMessage;

    /// <summary>Writes <c>ciphertext || tag</c> (plaintext length + 16 bytes) into <paramref name="destination"/>.</summary>
    public void Encrypt(ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (destination.Length < plaintext.Length + KeySizes.AeadTag)
        {
            throw new ArgumentException("Destination is shorter than plaintext + 16.", nameof(destination));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> nonce = stackalloc byte[KeySizes.ChaChaNonce];
        WriteNonce(counter, nonce);
        if (plaintext.Length > _smallMessage)
        {
            var ciphertext = destination[..plaintext.Length];
            var tag = destination.Slice(plaintext.Length, KeySizes.AeadTag);
            if (_openSsl)
            {
                (_kept ??= new OpenSslChaChaPoly(_key)).Seal(nonce, associatedData, plaintext, ciphertext, tag);
            }
            else
            {
                (_dotNet ??= new ChaCha20Poly1305(_key)).Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            }

            return;
        }

        if (plaintext.Length <= _managedMessage)
        {
            ManagedChaChaPoly.Seal(_key, nonce, associatedData, plaintext, destination, _managed.GetValueOrDefault());
            return;
        }

        ChaChaPolyOneShot.Seal(_key, nonce, associatedData, plaintext, destination);
    }

    /// <summary>Opens <c>ciphertext || tag</c>; false (and nothing written that may be used) if it is too short or does not authenticate.</summary>
    public bool TryDecrypt(ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bodyLength = ciphertextAndTag.Length - KeySizes.AeadTag;
        if (bodyLength < 0 || plaintext.Length < bodyLength)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[KeySizes.ChaChaNonce];
        WriteNonce(counter, nonce);
        if (bodyLength > _smallMessage)
        {
            var ciphertext = ciphertextAndTag[..bodyLength];
            var tag = ciphertextAndTag[bodyLength..];
            if (_openSsl)
            {
                // Zeroes what it wrote when the tag does not verify.
                return (_kept ??= new OpenSslChaChaPoly(_key)).TryOpen(nonce, associatedData, ciphertext, tag, plaintext[..bodyLength]);
            }

            try
            {
                (_dotNet ??= new ChaCha20Poly1305(_key)).Decrypt(nonce, ciphertext, tag, plaintext[..bodyLength], associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                // .NET has already zeroed the plaintext.
                return false;
            }
        }

        return bodyLength <= _managedMessage
            ? ManagedChaChaPoly.TryOpen(_key, nonce, associatedData, ciphertextAndTag, plaintext, _managed.GetValueOrDefault())
            : ChaChaPolyOneShot.TryOpen(_key, nonce, associatedData, ciphertextAndTag, plaintext);
    }

    public void Dispose()
    {
        _disposed = true;
        _kept?.Dispose();
        _dotNet?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    private static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..CounterOffset].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[CounterOffset..], counter);
    }
}
