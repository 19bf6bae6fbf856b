namespace LnRelay.Sphinx.Onion;

/// <summary>
/// Intermediate values of one construction, recorded only when a caller passes one
/// (the vector tests compare each step with derived-onion-test-intermediates.json,
/// so a mismatch points at the first diverging step).
/// </summary>
internal sealed class OnionBuildTrace
{
    public List<byte[]> EphemeralPublicKeys { get; } = [];

    public List<byte[]> BlindingFactors { get; } = [];

    public byte[] PadStream { get; set; } = [];

    public byte[] Filler { get; set; } = [];
}
