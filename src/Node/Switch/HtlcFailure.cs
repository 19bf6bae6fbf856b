using LnRelay.Node.Channels;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Node.Switch;

/// <summary>A check's verdict on an HTLC this node fails: the BOLT 4 message for the payer and the local cause for the log.</summary>
internal readonly record struct HtlcFailure(LocalFailureCause Cause, FailureMessage Message)
{
    /// <summary>The cause of an offer the channel refused (no room): any refusal of <see cref="ChannelState.CanOffer"/> but an unexpected id (ours are numbered by the channel).</summary>
    public static LocalFailureCause CauseOf(HtlcAddRefusal refusal) => refusal switch
    {
        HtlcAddRefusal.InsufficientBalance => LocalFailureCause.InsufficientBalance,
        HtlcAddRefusal.TooManyHtlcs => LocalFailureCause.NoHtlcSlot,
        HtlcAddRefusal.InFlightLimit => LocalFailureCause.InFlightLimit,
        HtlcAddRefusal.ZeroAmount => LocalFailureCause.ZeroAmount,
        HtlcAddRefusal.ExpiryNotAHeight => LocalFailureCause.ExpiryNotAHeight,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a refusal an offer can meet."),
    };
}
