using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LnRelay.Crypto;

/// <summary>
/// The ChaCha20 block function (RFC 8439 sections 2.1–2.3) for up to <see cref="MaxBlocks"/> consecutive
/// blocks under one key set-up. For <see cref="ManagedChaChaPoly"/>: from counter 0, block 0 is the Poly1305
/// key (section 2.6) and blocks 1–3 the keystream of a message of up to 192 bytes (section 2.8), which covers
/// a frame's 2-byte length and the short BOLT messages in one call.
/// <para>
/// The vector forms keep the state as four rows (RFC 8439 section 2.3's 4×4 matrix), one block per
/// 128-bit lane: a column round works on all four columns at once, and the diagonal round rotates rows
/// b, c and d by one, two and three words within each lane first (and back after), so a lane's four
/// quarter-rounds are again a row operation. <see cref="ChaCha20Path.Vector512"/> holds blocks 0–3 in
/// one state; <see cref="ChaCha20Path.Vector256"/> blocks 0–1 in one state and 2–3 in a second, whose
/// rounds interleave with the first's. Everything is add, xor and rotate on every word: no branch or
/// index depends on the key.
/// </para>
/// </summary>
internal static class ChaCha20Blocks
{
    public const int BlockSize = 64;

    /// <summary>The Poly1305 key's block and three keystream blocks: the most one call computes.</summary>
    public const int MaxBlocks = 4;

    private const int Words = 16;
    private const int DoubleRounds = 10;

    /// <summary>The word rotations of the diagonal round within each 128-bit lane (vpshufd controls).</summary>
    private const byte RotateOne = 0b00_11_10_01;
    private const byte RotateTwo = 0b01_00_11_10;
    private const byte RotateThree = 0b10_01_00_11;

    /// <summary>The fastest path this processor supports.</summary>
    public static ChaCha20Path Best { get; } =
        Avx512F.IsSupported ? ChaCha20Path.Vector512
        : Avx2.IsSupported ? ChaCha20Path.Vector256
        : ChaCha20Path.Scalar;

    /// <summary>Whether <paramref name="path"/> runs on this processor.</summary>
    public static bool IsSupported(ChaCha20Path path) => path switch
    {
        ChaCha20Path.Vector512 => Avx512F.IsSupported,
        ChaCha20Path.Vector256 => Avx2.IsSupported,
        _ => true,
    };

    /// <summary>
    /// Writes blocks <paramref name="counter"/> to <paramref name="counter"/> + <paramref name="blocks"/> − 1 of
    /// ChaCha20(<paramref name="key"/>, <paramref name="nonce"/>) into <paramref name="output"/> (64 bytes each; the
    /// 32-bit counter wraps as section 2.3's state word does). The vector paths always compute (and write) a whole
    /// state: two or four blocks.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, int blocks, Span<byte> output, ChaCha20Path path)
    {
        if (key.Length != KeySizes.ChaChaKey || nonce.Length != KeySizes.ChaChaNonce || blocks is < 1 or > MaxBlocks)
        {
            throw new ArgumentException("A 32-byte key, a 12-byte nonce and 1 to 4 blocks.");
        }

        var written = path switch
        {
            ChaCha20Path.Vector512 => MaxBlocks,
            ChaCha20Path.Vector256 => blocks <= 2 ? 2 : MaxBlocks,
            _ => blocks,
        };
        if (output.Length < written * BlockSize)
        {
            throw new ArgumentException($"This path writes {written} blocks.", nameof(output));
        }

        switch (path)
        {
            case ChaCha20Path.Vector512 when Avx512F.IsSupported:
                Vector512Blocks(key, nonce, counter, output);
                break;
            case ChaCha20Path.Vector256 when Avx2.IsSupported:
                Vector256Blocks(key, nonce, counter, blocks, output);
                break;
            case ChaCha20Path.Scalar:
                for (var block = 0; block < blocks; block++)
                {
                    ScalarBlock(key, nonce, unchecked(counter + (uint)block), output.Slice(block * BlockSize, BlockSize));
                }

                break;
            default:
                throw new PlatformNotSupportedException($"{path} is not supported on this processor.");
        }
    }

    /// <summary>RFC 8439 section 2.3: the constants "expand 32-byte k" as four little-endian words.</summary>
    private static Vector128<uint> Constants => Vector128.Create(0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u);

    /// <summary>Row d of block <paramref name="counter"/> + <paramref name="offset"/>: the counter, then the nonce's three words.</summary>
    private static Vector128<uint> CounterRow(Vector128<uint> nonceRow, uint counter, uint offset) => nonceRow.WithElement(0, unchecked(counter + offset));

    private static Vector128<uint> NonceRow(ReadOnlySpan<byte> nonce) => Vector128.Create(
        0u,
        BinaryPrimitives.ReadUInt32LittleEndian(nonce),
        BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(nonce[8..]));

    private static Vector128<uint> KeyRow(ReadOnlySpan<byte> key) => Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(key)).AsUInt32();

    private static void Vector512Blocks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, Span<byte> output)
    {
        var a0 = Vector512.Create(Constants);
        var b0 = Vector512.Create(KeyRow(key));
        var c0 = Vector512.Create(KeyRow(key[16..]));
        var n = NonceRow(nonce);
        var d0 = Vector512.Create(Vector256.Create(CounterRow(n, counter, 0), CounterRow(n, counter, 1)), Vector256.Create(CounterRow(n, counter, 2), CounterRow(n, counter, 3)));
        var (a, b, c, d) = (a0, b0, c0, d0);
        for (var i = 0; i < DoubleRounds; i++)
        {
            Quarter512(ref a, ref b, ref c, ref d);
            b = Avx512F.Shuffle(b, RotateOne);
            c = Avx512F.Shuffle(c, RotateTwo);
            d = Avx512F.Shuffle(d, RotateThree);
            Quarter512(ref a, ref b, ref c, ref d);
            b = Avx512F.Shuffle(b, RotateThree);
            c = Avx512F.Shuffle(c, RotateTwo);
            d = Avx512F.Shuffle(d, RotateOne);
        }

        a += a0;
        b += b0;
        c += c0;
        d += d0;
        ref var o = ref MemoryMarshal.GetReference(output);
        StoreRow512(a, ref o, 0);
        StoreRow512(b, ref o, 16);
        StoreRow512(c, ref o, 32);
        StoreRow512(d, ref o, 48);
    }

    /// <summary>Lane k of a row is 16 bytes of block k (section 2.3.2's serialisation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow512(Vector512<uint> row, ref byte output, nuint offset)
    {
        var lower = row.AsByte().GetLower();
        var upper = row.AsByte().GetUpper();
        lower.GetLower().StoreUnsafe(ref output, offset);
        lower.GetUpper().StoreUnsafe(ref output, offset + BlockSize);
        upper.GetLower().StoreUnsafe(ref output, offset + (2 * BlockSize));
        upper.GetUpper().StoreUnsafe(ref output, offset + (3 * BlockSize));
    }

    private static void Vector256Blocks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, int blocks, Span<byte> output)
    {
        var a0 = Vector256.Create(Constants);
        var b0 = Vector256.Create(KeyRow(key));
        var c0 = Vector256.Create(KeyRow(key[16..]));
        var n = NonceRow(nonce);
        var d0 = Vector256.Create(CounterRow(n, counter, 0), CounterRow(n, counter, 1));
        var (a, b, c, d) = (a0, b0, c0, d0);
        if (blocks <= 2)
        {
            for (var i = 0; i < DoubleRounds; i++)
            {
                Quarter256(ref a, ref b, ref c, ref d);
                Diagonalise(ref b, ref c, ref d);
                Quarter256(ref a, ref b, ref c, ref d);
                Undiagonalise(ref b, ref c, ref d);
            }

            Store256(a + a0, b + b0, c + c0, d + d0, output);
            return;
        }

        var e0 = Vector256.Create(CounterRow(n, counter, 2), CounterRow(n, counter, 3));
        var (e, f, g, h) = (a0, b0, c0, e0);
        for (var i = 0; i < DoubleRounds; i++)
        {
            Quarter256(ref a, ref b, ref c, ref d);
            Quarter256(ref e, ref f, ref g, ref h);
            Diagonalise(ref b, ref c, ref d);
            Diagonalise(ref f, ref g, ref h);
            Quarter256(ref a, ref b, ref c, ref d);
            Quarter256(ref e, ref f, ref g, ref h);
            Undiagonalise(ref b, ref c, ref d);
            Undiagonalise(ref f, ref g, ref h);
        }

        Store256(a + a0, b + b0, c + c0, d + d0, output);
        Store256(e + a0, f + b0, g + c0, h + e0, output[(2 * BlockSize)..]);
    }

    /// <summary>The quarter-round (section 2.1) on every column of every block in the rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quarter512(ref Vector512<uint> a, ref Vector512<uint> b, ref Vector512<uint> c, ref Vector512<uint> d)
    {
        a += b;
        d = Avx512F.RotateLeft(d ^ a, 16);
        c += d;
        b = Avx512F.RotateLeft(b ^ c, 12);
        a += b;
        d = Avx512F.RotateLeft(d ^ a, 8);
        c += d;
        b = Avx512F.RotateLeft(b ^ c, 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quarter256(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d)
    {
        a += b;
        d = Rotate16(d ^ a);
        c += d;
        b = Rotate12(b ^ c);
        a += b;
        d = Rotate8(d ^ a);
        c += d;
        b = Rotate7(b ^ c);
    }

    // AVX2's rotations: a byte shuffle for 16 and 8, a shift pair for 12 and 7. Not AVX-512VL's one-instruction
    // rotate even where it is there: that processor takes the Vector512 path, and this one stays what an AVX2-only
    // processor runs, so the tests on this machine check it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate16(Vector256<uint> x) =>
        Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate8(Vector256<uint> x) =>
        Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate12(Vector256<uint> x) =>
        Avx2.ShiftLeftLogical(x, 12) | Avx2.ShiftRightLogical(x, 20);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate7(Vector256<uint> x) =>
        Avx2.ShiftLeftLogical(x, 7) | Avx2.ShiftRightLogical(x, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Diagonalise(ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d)
    {
        b = Avx2.Shuffle(b, RotateOne);
        c = Avx2.Shuffle(c, RotateTwo);
        d = Avx2.Shuffle(d, RotateThree);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Undiagonalise(ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d)
    {
        b = Avx2.Shuffle(b, RotateThree);
        c = Avx2.Shuffle(c, RotateTwo);
        d = Avx2.Shuffle(d, RotateOne);
    }

    /// <summary>Two blocks from one state: each lane's four rows are one block's 64 bytes (section 2.3.2's serialisation).</summary>
    private static void Store256(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Span<byte> output)
    {
        ref var o = ref MemoryMarshal.GetReference(output);
        Vector256.Create(a.GetLower(), b.GetLower()).AsByte().StoreUnsafe(ref o);
        Vector256.Create(c.GetLower(), d.GetLower()).AsByte().StoreUnsafe(ref o, 32);
        Vector256.Create(a.GetUpper(), b.GetUpper()).AsByte().StoreUnsafe(ref o, 64);
        Vector256.Create(c.GetUpper(), d.GetUpper()).AsByte().StoreUnsafe(ref o, 96);
    }

    /// <summary>Section 2.3 word by word: the path for any processor, and the reference the vector paths are tested against.</summary>
    private static void ScalarBlock(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, Span<byte> output)
    {
        Span<uint> initial = stackalloc uint[Words];
        initial[0] = 0x61707865;
        initial[1] = 0x3320646e;
        initial[2] = 0x79622d32;
        initial[3] = 0x6b206574;
        for (var i = 0; i < 8; i++)
        {
            initial[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }

        initial[12] = counter;
        for (var i = 0; i < 3; i++)
        {
            initial[13 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce[(4 * i)..]);
        }

        Span<uint> x = stackalloc uint[Words];
        initial.CopyTo(x);
        for (var i = 0; i < DoubleRounds; i++)
        {
            QuarterRound(x, 0, 4, 8, 12);
            QuarterRound(x, 1, 5, 9, 13);
            QuarterRound(x, 2, 6, 10, 14);
            QuarterRound(x, 3, 7, 11, 15);
            QuarterRound(x, 0, 5, 10, 15);
            QuarterRound(x, 1, 6, 11, 12);
            QuarterRound(x, 2, 7, 8, 13);
            QuarterRound(x, 3, 4, 9, 14);
        }

        for (var i = 0; i < Words; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output[(4 * i)..], unchecked(x[i] + initial[i]));
        }

        x.Clear();
        initial.Clear();
    }

    /// <summary>Section 2.1, on the state's words at the four indices (section 2.2).</summary>
    private static void QuarterRound(Span<uint> x, int a, int b, int c, int d)
    {
        unchecked
        {
            x[a] += x[b];
            x[d] = uint.RotateLeft(x[d] ^ x[a], 16);
            x[c] += x[d];
            x[b] = uint.RotateLeft(x[b] ^ x[c], 12);
            x[a] += x[b];
            x[d] = uint.RotateLeft(x[d] ^ x[a], 8);
            x[c] += x[d];
            x[b] = uint.RotateLeft(x[b] ^ x[c], 7);
        }
    }
}

/// <summary>How <see cref="ChaCha20Blocks"/> computes: an internal switch, so tests run every path on one machine.</summary>
internal enum ChaCha20Path
{
    /// <summary>Word by word; any processor.</summary>
    Scalar,

    /// <summary>AVX2: two blocks a state, two states interleaved.</summary>
    Vector256,

    /// <summary>AVX-512F: four blocks in one state.</summary>
    Vector512,
}
