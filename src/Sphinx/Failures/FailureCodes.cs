namespace LnRelay.Sphinx.Failures;

/// <summary>
/// The flag bits of a <see cref="FailureCode"/> (BOLT 4 "Failure Messages") and the spec's
/// snake_case name of each code, for logs and CLI output.
/// </summary>
public static class FailureCodes
{
    /// <summary>The onion the previous hop sent could not be parsed.</summary>
    public const ushort BadOnion = 0x8000;

    /// <summary>Permanent; otherwise transient.</summary>
    public const ushort Perm = 0x4000;

    /// <summary>The node, not one channel, is at fault.</summary>
    public const ushort Node = 0x2000;

    /// <summary>A channel forwarding parameter was violated; a channel_update may follow.</summary>
    public const ushort Update = 0x1000;

    public static bool IsBadOnion(this FailureCode code) => ((ushort)code & BadOnion) != 0;

    public static bool IsPermanent(this FailureCode code) => ((ushort)code & Perm) != 0;

    public static bool IsNode(this FailureCode code) => ((ushort)code & Node) != 0;

    public static bool IsUpdate(this FailureCode code) => ((ushort)code & Update) != 0;

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
