namespace LnRelay.Sphinx.Failures;

/// <summary>The spec's snake_case name of each <see cref="FailureCode"/> (BOLT 4 "Failure Messages"), for logs and CLI output.</summary>
public static class FailureCodeNames
{
    /// <summary>True for the codes this library lists (including the two retired ones).</summary>
    public static bool IsKnown(this FailureCode code) => Enum.IsDefined(code);

    /// <summary>The spec's name, e.g. <c>invalid_onion_hmac</c>; <c>unknown_0x1234</c> for unlisted codes.</summary>
    public static string SpecName(this FailureCode code) => code switch
    {
        FailureCode.TemporaryNodeFailure => "temporary_node_failure",
        FailureCode.PermanentNodeFailure => "permanent_node_failure",
        FailureCode.RequiredNodeFeatureMissing => "required_node_feature_missing",
        FailureCode.InvalidOnionVersion => "invalid_onion_version",
        FailureCode.InvalidOnionHmac => "invalid_onion_hmac",
        FailureCode.InvalidOnionKey => "invalid_onion_key",
        FailureCode.TemporaryChannelFailure => "temporary_channel_failure",
        FailureCode.PermanentChannelFailure => "permanent_channel_failure",
        FailureCode.RequiredChannelFeatureMissing => "required_channel_feature_missing",
        FailureCode.UnknownNextPeer => "unknown_next_peer",
        FailureCode.AmountBelowMinimum => "amount_below_minimum",
        FailureCode.FeeInsufficient => "fee_insufficient",
        FailureCode.IncorrectCltvExpiry => "incorrect_cltv_expiry",
        FailureCode.ExpiryTooSoon => "expiry_too_soon",
        FailureCode.IncorrectOrUnknownPaymentDetails => "incorrect_or_unknown_payment_details",
        FailureCode.IncorrectPaymentAmount => "incorrect_payment_amount",
        FailureCode.FinalExpiryTooSoon => "final_expiry_too_soon",
        FailureCode.FinalIncorrectCltvExpiry => "final_incorrect_cltv_expiry",
        FailureCode.FinalIncorrectHtlcAmount => "final_incorrect_htlc_amount",
        FailureCode.ChannelDisabled => "channel_disabled",
        FailureCode.ExpiryTooFar => "expiry_too_far",
        FailureCode.InvalidOnionPayload => "invalid_onion_payload",
        FailureCode.MppTimeout => "mpp_timeout",
        FailureCode.InvalidOnionBlinding => "invalid_onion_blinding",
        _ => $"unknown_0x{(ushort)code:x4}",
    };

    /// <summary>The code whose spec name is <paramref name="name"/> (listed codes only).</summary>
    public static bool TryParseSpecName(string? name, out FailureCode code)
    {
        foreach (FailureCode candidate in Enum.GetValues<FailureCode>())
        {
            if (candidate.SpecName() == name)
            {
                code = candidate;
                return true;
            }
        }

        code = default;
        return false;
    }
}
