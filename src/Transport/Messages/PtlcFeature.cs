namespace LnRelay.Transport.Messages;

/// <summary>
/// lnrelay-experimental init feature bits 314/315, <c>lnrelay_ptlc</c> (docs/ptlc.md): the node
/// speaks <see cref="UpdateAddPtlcMessage"/> and <see cref="UpdateFulfillPtlcMessage"/> and
/// forwards point-locked payments. Unregistered, chosen far above BOLT 9's assigned bits. A node
/// sends PTLC messages only to a peer that set either bit; a peer that sets 314 (required) and
/// meets a node that does not know it is refused at init by BOLT 1's unknown-even-feature rule.
/// </summary>
public static class PtlcFeature
{
    /// <summary>The even ("required") bit.</summary>
    public const int Required = 314;

    /// <summary>The odd ("optional") bit: what an lnrelay node offers unless PTLC mode is turned off.</summary>
    public const int Optional = 315;

    /// <summary>Whether a peer's <c>init</c> features say it speaks point locks (either bit).</summary>
    public static bool IsSupportedBy(FeatureBits features) => features.IsSet(Required) || features.IsSet(Optional);
}
