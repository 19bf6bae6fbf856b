using System.Buffers.Binary;
using System.Text;
using LnRelay.Crypto;

namespace LnRelay.Sphinx.Ptlc;

/// <summary>
/// Deterministic scalars for the published vectors (tests/vectors/ptlc-vectors.json) and
/// seeded experiments, never for a payment: draw j is HMAC-SHA256(key = seed, message =
/// "lnrelay-ptlc" ‖ u32 big-endian counter), the counter starting at 0 and advancing on every
/// draw, an output that is not a valid scalar skipped (so a redraw is also a documented step).
/// </summary>
public sealed class SeededScalarSourceForTests(byte[] seed) : IScalarSource
{
    /// <summary>The label the rule prepends to the counter.</summary>
    public static readonly byte[] Label = Encoding.ASCII.GetBytes("lnrelay-ptlc");

    private readonly byte[] _seed = seed.ToArray();
    private uint _counter;

    public void NextScalar(Span<byte> scalar)
    {
        Span<byte> message = stackalloc byte[Label.Length + sizeof(uint)];
        Label.CopyTo(message);
        do
        {
            BinaryPrimitives.WriteUInt32BigEndian(message[Label.Length..], _counter++);
            Hashes.HmacSha256(_seed, message, scalar[..KeySizes.SecretKey]);
        }
        while (!Secp256k1.IsValidSecret(scalar[..KeySizes.SecretKey]));
    }
}
