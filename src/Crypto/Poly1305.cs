using System.Buffers.Binary;

namespace LnRelay.Crypto;

/// <summary>
/// Poly1305 (RFC 8439 section 2.5) with two 64-bit limbs for r and three for the accumulator, for
/// <see cref="ManagedChaChaPoly"/>'s short messages: a 16-byte block is one add and four 64×64→128-bit
/// multiplications. Clamping leaves r1 a multiple of 4, so r1·2^128 folds into s1 = r1 + r1/4 (that is,
/// 5·r1/4, as 2^130 ≡ 5 mod p) and the product needs no more limbs. No branch or index depends on the key
/// or the message; the final subtraction of p is chosen by a mask.
/// </summary>
internal static class Poly1305
{
    /// <summary>r (16 bytes, clamped) then s (16 bytes): section 2.5's one-time key.</summary>
    public const int KeySize = 32;

    public const int BlockSize = 16;

    public const int TagSize = 16;

    /// <summary>Section 2.5.1's clamp of r, as two little-endian 64-bit words.</summary>
    private const ulong ClampLow = 0x0FFFFFFC0FFFFFFF;
    private const ulong ClampHigh = 0x0FFFFFFC0FFFFFFC;

    /// <summary>Section 2.5: the MAC of any message (a last partial block gets its 0x01 byte and no 2^128 bit). For the RFC's vectors.</summary>
    public static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        var state = new State(key);
        var full = message.Length - (message.Length % BlockSize);
        state.Blocks(message[..full]);
        if (full < message.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            message[full..].CopyTo(last);
            last[message.Length - full] = 1;
            state.Block(last, hibit: 0);
        }

        state.Finish(key, tag);
    }

    /// <summary>
    /// Section 2.8's tag: the MAC of AD || pad16 || ciphertext || pad16 || le64(AD length) || le64(ciphertext length).
    /// Every block of that is whole, so each carries the 2^128 bit.
    /// </summary>
    public static void AeadTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        var state = new State(key);
        state.Padded(associatedData);
        state.Padded(ciphertext);
        Span<byte> lengths = stackalloc byte[BlockSize];
        BinaryPrimitives.WriteUInt64LittleEndian(lengths, (ulong)associatedData.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(lengths[8..], (ulong)ciphertext.Length);
        state.Block(lengths, hibit: 1);
        state.Finish(key, tag);
    }

    /// <summary>r, s1 = 5·r1/4, and the accumulator h = h0 + h1·2^64 + h2·2^128 (h2 at most 6 between blocks).</summary>
    private struct State
    {
        private readonly ulong _r0;
        private readonly ulong _r1;
        private readonly ulong _s1;
        private ulong _h0;
        private ulong _h1;
        private ulong _h2;

        public State(ReadOnlySpan<byte> key)
        {
            if (key.Length != KeySize)
            {
                throw new ArgumentException("Poly1305 keys are 32 bytes.", nameof(key));
            }

            _r0 = BinaryPrimitives.ReadUInt64LittleEndian(key) & ClampLow;
            _r1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]) & ClampHigh;
            _s1 = _r1 + (_r1 >> 2);
        }

        /// <summary>Whole blocks, then the rest zero-padded to a whole block (section 2.8's pad16).</summary>
        public void Padded(ReadOnlySpan<byte> data)
        {
            var full = data.Length - (data.Length % BlockSize);
            Blocks(data[..full]);
            if (full < data.Length)
            {
                Span<byte> last = stackalloc byte[BlockSize];
                data[full..].CopyTo(last);
                Block(last, hibit: 1);
            }
        }

        public void Blocks(ReadOnlySpan<byte> blocks)
        {
            for (var at = 0; at < blocks.Length; at += BlockSize)
            {
                Block(blocks.Slice(at, BlockSize), hibit: 1);
            }
        }

        /// <summary>h = (h + block + hibit·2^128) · r, partly reduced mod 2^130 − 5.</summary>
        public void Block(ReadOnlySpan<byte> block, ulong hibit)
        {
            unchecked
            {
                UInt128 t = (UInt128)_h0 + BinaryPrimitives.ReadUInt64LittleEndian(block);
                var h0 = (ulong)t;
                t = (t >> 64) + _h1 + BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
                var h1 = (ulong)t;
                var h2 = _h2 + (ulong)(t >> 64) + hibit;

                // (h0 + h1·2^64 + h2·2^128)(r0 + r1·2^64), with r1·2^128 ≡ s1 and r1·2^192 ≡ s1·2^64 (mod p).
                // Each sum stays below 2^126 (r0, r1 < 2^60; s1 < 2^61; h2 ≤ 6).
                var d0 = Math.BigMul(h0, _r0) + Math.BigMul(h1, _s1);
                var d1 = Math.BigMul(h0, _r1) + Math.BigMul(h1, _r0) + (h2 * _s1) + (d0 >> 64);
                var d2 = (h2 * _r0) + (ulong)(d1 >> 64);

                // Fold the bits from 2^130 up back in times 5: 4·(d2 >> 2) + (d2 >> 2).
                var fold = (d2 & ~3UL) + (d2 >> 2);
                t = (UInt128)(ulong)d0 + fold;
                _h0 = (ulong)t;
                t = (t >> 64) + (ulong)d1;
                _h1 = (ulong)t;
                _h2 = (d2 & 3) + (ulong)(t >> 64);
            }
        }

        /// <summary>Reduces h fully (h &lt; 2p here, so at most one p comes off) and writes (h + s) mod 2^128.</summary>
        public void Finish(ReadOnlySpan<byte> key, Span<byte> tag)
        {
            unchecked
            {
                // g = h + 5 − 2^130 = h − p: taken when g's bit 130 is set, i.e. when h ≥ p.
                UInt128 t = (UInt128)_h0 + 5;
                var g0 = (ulong)t;
                t = (t >> 64) + _h1;
                var g1 = (ulong)t;
                var g2 = _h2 + (ulong)(t >> 64);
                var takeG = 0UL - (g2 >> 2);
                var h0 = (_h0 & ~takeG) | (g0 & takeG);
                var h1 = (_h1 & ~takeG) | (g1 & takeG);

                t = (UInt128)h0 + BinaryPrimitives.ReadUInt64LittleEndian(key[16..]);
                BinaryPrimitives.WriteUInt64LittleEndian(tag, (ulong)t);
                BinaryPrimitives.WriteUInt64LittleEndian(tag[8..], (ulong)((t >> 64) + h1 + BinaryPrimitives.ReadUInt64LittleEndian(key[24..])));
                _h0 = _h1 = _h2 = 0;
            }
        }
    }
}
