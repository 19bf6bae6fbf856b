using LnRelay.Crypto;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// TESTS AND VECTORS ONLY: never use it to send a payment. Returns
/// the first key it is given, then SHA256 of the previous key, and so on, so a run
/// is reproducible (the first key can be a spec vector's <c>session_key</c>).
/// Not thread-safe.
/// </summary>
public sealed class DeterministicSessionKeySourceForTests : ISessionKeySource
{
    private readonly byte[] _next;

    public DeterministicSessionKeySourceForTests(ReadOnlySpan<byte> firstKey)
    {
        if (!Secp256k1.IsValidSecret(firstKey))
        {
            throw new ArgumentException("Not a valid secp256k1 secret.", nameof(firstKey));
        }

        _next = firstKey.ToArray();
    }

    public void NextSessionKey(Span<byte> sessionKey)
    {
        _next.CopyTo(sessionKey);
        Span<byte> hashed = stackalloc byte[KeySizes.Hash];
        do
        {
            Hashes.Sha256(_next, hashed);
            hashed.CopyTo(_next);
        }
        while (!Secp256k1.IsValidSecret(_next));
    }
}
