namespace LnRelay.Sphinx.Failures;

/// <summary>The data fields that follow a failure code, in wire order (BOLT 4 "Failure Messages").</summary>
public enum FailureDataLayout
{
    /// <summary>No data (also used for unlisted codes: their bytes are kept as the extension).</summary>
    None,

    /// <summary>sha256 <c>sha256_of_onion</c>.</summary>
    Sha256OfOnion,

    /// <summary>u16 <c>len</c>, <c>channel_update</c>.</summary>
    ChannelUpdate,

    /// <summary>u64 <c>htlc_msat</c>, u16 <c>len</c>, <c>channel_update</c>.</summary>
    HtlcMsatAndChannelUpdate,

    /// <summary>u32 <c>cltv_expiry</c>, u16 <c>len</c>, <c>channel_update</c>.</summary>
    CltvExpiryAndChannelUpdate,

    /// <summary>u16 <c>disabled_flags</c>, u16 <c>len</c>, <c>channel_update</c>.</summary>
    DisabledFlagsAndChannelUpdate,

    /// <summary>u64 <c>htlc_msat</c>, u32 <c>height</c>.</summary>
    HtlcMsatAndHeight,

    /// <summary>u32 <c>cltv_expiry</c>.</summary>
    CltvExpiry,

    /// <summary>u64 <c>incoming_htlc_amt</c> (kept in <see cref="FailureMessage.HtlcMsat"/>).</summary>
    HtlcMsat,

    /// <summary>bigsize <c>type</c>, u16 <c>offset</c>.</summary>
    PayloadTypeAndOffset,
}

/// <summary>Maps each code to its data layout, in one place.</summary>
public static class FailureDataLayouts
{
    public static FailureDataLayout Of(FailureCode code) => code switch
    {
        FailureCode.InvalidOnionVersion or FailureCode.InvalidOnionHmac or FailureCode.InvalidOnionKey
            or FailureCode.InvalidOnionBlinding => FailureDataLayout.Sha256OfOnion,
        FailureCode.TemporaryChannelFailure or FailureCode.ExpiryTooSoon => FailureDataLayout.ChannelUpdate,
        FailureCode.AmountBelowMinimum or FailureCode.FeeInsufficient => FailureDataLayout.HtlcMsatAndChannelUpdate,
        FailureCode.IncorrectCltvExpiry => FailureDataLayout.CltvExpiryAndChannelUpdate,
        FailureCode.ChannelDisabled => FailureDataLayout.DisabledFlagsAndChannelUpdate,
        FailureCode.IncorrectOrUnknownPaymentDetails => FailureDataLayout.HtlcMsatAndHeight,
        FailureCode.FinalIncorrectCltvExpiry => FailureDataLayout.CltvExpiry,
        FailureCode.FinalIncorrectHtlcAmount => FailureDataLayout.HtlcMsat,
        FailureCode.InvalidOnionPayload => FailureDataLayout.PayloadTypeAndOffset,
        _ => FailureDataLayout.None,
    };
}
