namespace LnRelay.Sphinx.Onion;

/// <summary>
/// Where onion session keys come from (BOLT 4 "Packet Construction": a fresh random
/// key per onion). Injected so that tests and the spec's vectors reproduce byte for
/// byte; production uses <see cref="RandomSessionKeySource"/>.
/// </summary>
public interface ISessionKeySource
{
    /// <summary>Writes a valid secp256k1 secret (32 bytes, non-zero, below the group order).</summary>
    void NextSessionKey(Span<byte> sessionKey);
}
