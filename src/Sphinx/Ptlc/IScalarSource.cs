namespace LnRelay.Sphinx.Ptlc;

/// <summary>
/// Where the payer's per-hop scalars y_i and the payee's secret z come from (docs/ptlc.md):
/// injected, so that the published vectors reproduce byte for byte while payments use the
/// operating system's CSPRNG (<see cref="RandomScalarSource"/>).
/// </summary>
public interface IScalarSource
{
    /// <summary>Writes a valid scalar (32 bytes, non-zero, below the group order).</summary>
    void NextScalar(Span<byte> scalar);
}
