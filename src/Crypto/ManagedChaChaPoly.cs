using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace LnRelay.Crypto;

/// <summary>
/// AEAD_CHACHA20_POLY1305 (RFC 8439 section 2.8) in managed code, for short messages: the Poly1305 key
/// (block 0, section 2.6) and the keystream of the first <see cref="FirstCall"/> bytes (blocks 1–3) come from
/// one <see cref="ChaCha20Blocks"/> call under one key set-up, then <see cref="Poly1305"/> runs over the AD,
/// the padded ciphertext and the lengths. A frame's 2-byte length costs two ChaCha20 blocks, two Poly1305
/// blocks and no native call, where libsodium sets ChaCha20 up twice (once for the Poly1305 key, once for the
/// message) and runs generic code (docs/performance.md, "Short frames through managed ChaCha20-Poly1305
/// (session 10)"). Longer messages are correct (four blocks a call from counter 4 on) but not what it is for:
/// <see cref="ChaChaPolyAead"/> sends them to the native paths. The keystream and the Poly1305 key live on the
/// stack and are wiped before returning.
/// </summary>
internal static class ManagedChaChaPoly
{
    /// <summary>The bytes the first call's three keystream blocks cover.</summary>
    public const int FirstCall = (ChaCha20Blocks.MaxBlocks - 1) * ChaCha20Blocks.BlockSize;

    /// <summary>The bytes two calls cover: the first call's, then four blocks more.</summary>
    public const int TwoCalls = FirstCall + ScratchSize;

    private const int ScratchSize = ChaCha20Blocks.MaxBlocks * ChaCha20Blocks.BlockSize;

    /// <summary>Writes <c>ciphertext || tag</c> (plaintext length + 16 bytes); the destination may be the plaintext itself.</summary>
    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination, ChaCha20Path path)
    {
        if (destination.Length < plaintext.Length + KeySizes.AeadTag)
        {
            throw new ArgumentException("Destination is shorter than plaintext + 16.", nameof(destination));
        }

        Span<byte> scratch = stackalloc byte[ScratchSize];
        Span<byte> polyKey = stackalloc byte[Poly1305.KeySize];
        FirstBlocks(key, nonce, plaintext.Length, scratch, path);
        scratch[..Poly1305.KeySize].CopyTo(polyKey);
        var ciphertext = destination[..plaintext.Length];
        Xor(key, nonce, plaintext, ciphertext, scratch, path);
        Poly1305.AeadTag(polyKey, associatedData, ciphertext, destination.Slice(plaintext.Length, KeySizes.AeadTag));
        CryptographicOperations.ZeroMemory(scratch);
        CryptographicOperations.ZeroMemory(polyKey);
    }

    /// <summary>
    /// Opens <c>ciphertext || tag</c> into <paramref name="plaintext"/> (which may be the ciphertext itself). False when it
    /// is shorter than a tag or does not authenticate; then the plaintext's first ciphertext-length bytes are zero, as
    /// libsodium leaves them.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext, ChaCha20Path path)
    {
        var bodyLength = ciphertextAndTag.Length - KeySizes.AeadTag;
        if (bodyLength < 0 || plaintext.Length < bodyLength)
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[ScratchSize];
        Span<byte> tag = stackalloc byte[KeySizes.AeadTag];
        FirstBlocks(key, nonce, bodyLength, scratch, path);
        var ciphertext = ciphertextAndTag[..bodyLength];

        // The tag first (section 2.8 MACs the ciphertext), so an in-place open still reads the ciphertext.
        Poly1305.AeadTag(scratch[..Poly1305.KeySize], associatedData, ciphertext, tag);
        var authentic = CryptographicOperations.FixedTimeEquals(tag, ciphertextAndTag[bodyLength..]);
        if (authentic)
        {
            Xor(key, nonce, ciphertext, plaintext[..bodyLength], scratch, path);
        }
        else
        {
            plaintext[..bodyLength].Clear();
        }

        CryptographicOperations.ZeroMemory(scratch);
        return authentic;
    }

    /// <summary>Block 0 (the Poly1305 key) and the keystream blocks for the first <see cref="FirstCall"/> bytes of <paramref name="length"/>.</summary>
    private static void FirstBlocks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, int length, Span<byte> scratch, ChaCha20Path path) =>
        ChaCha20Blocks.Compute(key, nonce, 0, 1 + BlocksFor(Math.Min(length, FirstCall)), scratch, path);

    private static int BlocksFor(int length) => (length + ChaCha20Blocks.BlockSize - 1) / ChaCha20Blocks.BlockSize;

    /// <summary>
    /// output = input ^ keystream from counter 1: the first <see cref="FirstCall"/> bytes from <paramref name="scratch"/>
    /// as <see cref="FirstBlocks"/> left it, the rest four blocks a call.
    /// </summary>
    private static void Xor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, Span<byte> output, Span<byte> scratch, ChaCha20Path path)
    {
        var first = Math.Min(input.Length, FirstCall);
        Xor(input[..first], scratch.Slice(ChaCha20Blocks.BlockSize, first), output);
        var counter = (uint)ChaCha20Blocks.MaxBlocks;
        for (var at = first; at < input.Length; at += ScratchSize, counter += ChaCha20Blocks.MaxBlocks)
        {
            var length = Math.Min(input.Length - at, ScratchSize);
            ChaCha20Blocks.Compute(key, nonce, counter, BlocksFor(length), scratch, path);
            Xor(input.Slice(at, length), scratch[..length], output[at..]);
        }
    }

    /// <summary>output = input ^ keystream, 32 and 16 bytes at a time, then byte by byte; output may be input.</summary>
    private static void Xor(ReadOnlySpan<byte> input, ReadOnlySpan<byte> keystream, Span<byte> output)
    {
        if (keystream.Length < input.Length || output.Length < input.Length)
        {
            throw new ArgumentException("Keystream or output shorter than the input.");
        }

        ref var i = ref MemoryMarshal.GetReference(input);
        ref var k = ref MemoryMarshal.GetReference(keystream);
        ref var o = ref MemoryMarshal.GetReference(output);
        var at = 0;
        for (; at + Vector256<byte>.Count <= input.Length; at += Vector256<byte>.Count)
        {
            (Vector256.LoadUnsafe(ref i, (nuint)at) ^ Vector256.LoadUnsafe(ref k, (nuint)at)).StoreUnsafe(ref o, (nuint)at);
        }

        if (at + Vector128<byte>.Count <= input.Length)
        {
            (Vector128.LoadUnsafe(ref i, (nuint)at) ^ Vector128.LoadUnsafe(ref k, (nuint)at)).StoreUnsafe(ref o, (nuint)at);
            at += Vector128<byte>.Count;
        }

        for (; at < input.Length; at++)
        {
            output[at] = (byte)(input[at] ^ keystream[at]);
        }
    }
}
