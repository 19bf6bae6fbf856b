using LnRelay.Sphinx.Blinding;

namespace LnRelay.Node.Payments;

/// <summary>
/// A payee known only by the blinded path its invoice gave (docs/blinded-paths.md): the
/// introduction node (a public node, by name), the path and its pay info. The payer never
/// learns the payee's name or id; it stands for it as <see cref="PayeeName"/>.
/// </summary>
internal sealed record BlindedDestination(string IntroductionNode, BlindedPath Path, BlindedPayInfo PayInfo)
{
    /// <summary>What a blinded payment shows as its payee.</summary>
    public const string PayeeName = "(blinded)";

    /// <summary>What the payer sees instead of the payee: the introduction node and the number of blinded hops (dummies included).</summary>
    public BlindedSummary Summary => new(IntroductionNode, Path.Hops.Count, Path.Hops.Count == 0 ? 0 : Path.Hops[0].EncryptedData.Length);

    /// <summary>For logs: "blinded (intro NAME, N hops)".</summary>
    public override string ToString() => $"blinded (intro {IntroductionNode}, {Path.Hops.Count} hops)";
}

/// <summary>A blinded payment's mark in its result (results.json's <c>"blinded"</c>): the introduction node, the blinded hops the payer saw, and their blobs' one length.</summary>
public sealed record BlindedSummary(string IntroductionNode, int BlindedHops, int BlobLength);
